package dev.tierkit.mq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * One segment file of the message log. The writer thread owns everything but the read channel: the
 * append channel, the size, the live reference count and the set of older segments whose messages
 * this one's removal records cancel. Reads go through a separate channel that any thread may use;
 * because an interrupted reader closes a {@code FileChannel} for everyone, a read that finds it
 * closed reopens it unless the segment was deleted.
 */
final class Segment {
  final int number;
  final Path path;

  FileChannel appendChannel;
  long size;
  long live;
  // Holds a publish, removal or purge not yet forced (transient pages never need a force).
  boolean unforcedDurable;
  final Set<Integer> dependsOn = new HashSet<>();

  private volatile FileChannel readChannel;
  private volatile boolean gone;

  Segment(int number, Path path, long size) {
    this.number = number;
    this.path = path;
    this.size = size;
  }

  static String fileName(int number) {
    return String.format("%08d.seg", number);
  }

  /** Reads exactly {@code dst.remaining()} bytes at {@code position}. */
  void readFully(ByteBuffer dst, long position) throws IOException {
    long at = position;
    while (dst.hasRemaining()) {
      int n;
      try {
        n = channel().read(dst, at);
      } catch (ClosedByInterruptException e) {
        throw e;
      } catch (ClosedChannelException e) {
        if (gone) {
          throw new IOException(goneMessage(), e);
        }
        reopen();
        continue;
      }
      if (n < 0) {
        throw new IOException("segment " + path.getFileName() + " ends before offset " + at);
      }
      at += n;
    }
  }

  private FileChannel channel() throws IOException {
    FileChannel channel = readChannel;
    if (channel == null) {
      channel = reopen();
    }
    return channel;
  }

  private synchronized FileChannel reopen() throws IOException {
    if (gone) {
      throw new IOException(goneMessage());
    }
    FileChannel channel = readChannel;
    if (channel == null || !channel.isOpen()) {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      readChannel = channel;
    }
    return channel;
  }

  /** Stops appending: closes the append channel (reads continue). */
  void seal() throws IOException {
    if (appendChannel != null) {
      appendChannel.close();
      appendChannel = null;
    }
  }

  private String goneMessage() {
    return "segment " + path.getFileName() + " was reclaimed or its store closed";
  }

  /** Closes both channels for good, so readers fail with a clear message. */
  synchronized void close() throws IOException {
    gone = true;
    seal();
    FileChannel channel = readChannel;
    readChannel = null;
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "Segment[" + path.getFileName() + ", size=" + size + ", live=" + live + "]";
  }
}
