package dev.tierkit.dns.zone;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;

/**
 * The records of a master file, parsed by dnsjava and compiled to {@link WireRecord}s on a thread
 * of their own, so that parsing overlaps with indexing the records already parsed. The parsing
 * thread also computes each owner's hash code (dnsjava caches it in the name), the costliest step
 * of putting a name into a map. Records come in file order, in batches through a small bounded
 * queue; the parser's exception is thrown by {@link #next} in the reader's thread once the records
 * before it have been read.
 *
 * <p>{@link #close} stops the parser (it notices at its next hand-over) and lets it close the file.
 */
final class RecordStream implements AutoCloseable {
  private static final int BATCH = 1024;
  private static final int BATCHES_IN_FLIGHT = 8;
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
  private final Thread parser;
  private WireRecord[] batch;
  private int index;
  private boolean done;

  RecordStream(Master master, String source) {
    parser = new Thread(() -> parse(master), "zone-parser " + source);
    parser.setDaemon(true);
    parser.start();
  }

  private void parse(Master master) {
    try (master) {
      WireRecord[] out = new WireRecord[BATCH];
      int n = 0;
      WireRecord previous = null;
      Record record;
      while ((record = master.nextRecord()) != null) {
        WireRecord wire = WireRecord.of(record, previous);
        int unused = wire.owner().hashCode(); // cached in the name, here rather than in the reader
        out[n++] = wire;
        previous = wire;
        if (n == BATCH) {
          queue.put(out);
          out = new WireRecord[BATCH];
          n = 0;
        }
      }
      queue.put(Arrays.copyOf(out, n));
      queue.put(END);
    } catch (InterruptedException e) {
      // The reader closed the stream: stop.
    } catch (IOException | RuntimeException | Error e) {
      try {
        queue.put(e);
      } catch (InterruptedException closed) {
        // The reader is gone and no longer cares.
      }
    }
  }

  /** The next record, {@code null} after the last; throws what dnsjava threw while parsing. */
  WireRecord next() throws IOException {
    while (batch == null || index == batch.length) {
      if (done) {
        return null;
      }
      Object item = take();
      if (item == END) {
        done = true;
        return null;
      }
      if (item instanceof WireRecord[] records) {
        batch = records;
        index = 0;
        continue;
      }
      done = true;
      if (item instanceof IOException e) {
        throw e;
      }
      if (item instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) item;
    }
    return batch[index++];
  }

  private Object take() throws IOException {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while loading a zone");
    }
  }

  @Override
  public void close() {
    parser.interrupt();
  }
}
