package dev.tierkit.dns.wire;

import io.netty.buffer.ByteBuf;

/**
 * RFC 1035 section 4.1.4 name compression for one message being written into a {@code ByteBuf}.
 *
 * <p>Design: the table holds up to {@value #CAPACITY} entries, each the message offset of a name or
 * name suffix already written (uncompressed labels, possibly ending in a pointer) and a hash of
 * that suffix's labels folded to lower case. To write a name, its label starts are found, the
 * suffix hashes are computed from the root outwards (each suffix hash mixes its first label into
 * the hash of the rest), and the suffixes are tried longest first: an entry with the same hash is
 * confirmed by comparing the bytes in the message (following its pointers) with the name, ASCII
 * case-insensitively (RFC 4343). The first match ends the name with a pointer; the labels before it
 * are written out and become entries themselves. Cost per name: labels x entries int compares plus
 * one byte compare per hash hit; no allocation, no map.
 *
 * <p>Only offsets below 0x4000 can be pointed at (14 bits). When the table is full, later names are
 * still written, just not remembered: the first names of a message (question, answer owners) are
 * the ones later records repeat. {@link #mark()} and {@link #rollback} drop the entries of records
 * that were written and then cut because they did not fit.
 *
 * <p>Names handed in are uncompressed wire names already known to be well formed (at most 127
 * labels). Not thread-safe; reused message after message by its owner.
 */
final class NameCompressor {
  static final int CAPACITY = 64;
  private static final int MAX_LABELS = 128;
  private static final int MAX_POINTER_TARGET = 0x3FFF;

  private final int[] offsets = new int[CAPACITY];
  private final int[] hashes = new int[CAPACITY];
  private final int[] labelStarts = new int[MAX_LABELS];
  private final int[] suffixHashes = new int[MAX_LABELS];
  private int size;
  private int rootAt;
  private ByteBuf out;
  private int messageStart;

  /** Starts a message at {@code out}'s current writer index. */
  void reset(ByteBuf buffer) {
    this.out = buffer;
    this.messageStart = buffer.writerIndex();
    this.size = 0;
  }

  /** Forgets the buffer so that a released one is not kept reachable. */
  void clear() {
    this.out = null;
    this.size = 0;
  }

  int mark() {
    return size;
  }

  void rollback(int mark) {
    size = mark;
  }

  /**
   * Remembers the suffixes of a name that was copied into the message uncompressed at {@code
   * messageOffset} (the question).
   */
  void remember(byte[] name, int offset, int messageOffset) {
    int labels = scan(name, offset);
    for (int i = 0; i < labels; i++) {
      add(messageOffset + labelStarts[i] - offset, suffixHashes[i]);
    }
  }

  /** Writes the uncompressed name at {@code name[offset]}, compressed against earlier names. */
  void write(byte[] name, int offset) {
    int labels = scan(name, offset);
    for (int i = 0; i < labels; i++) {
      int target = find(suffixHashes[i], name, labelStarts[i]);
      if (target >= 0) {
        writeLabels(name, offset, i, labelStarts[i]);
        out.writeShort(0xC000 | target);
        return;
      }
    }
    writeLabels(name, offset, labels, rootAt);
    out.writeByte(0);
  }

  /** Writes the first {@code count} labels, {@code name[offset, end)}, and remembers them. */
  private void writeLabels(byte[] name, int offset, int count, int end) {
    int at = out.writerIndex() - messageStart;
    for (int i = 0; i < count; i++) {
      add(at + labelStarts[i] - offset, suffixHashes[i]);
    }
    out.writeBytes(name, offset, end - offset);
  }

  /** Fills labelStarts and suffixHashes; returns the number of labels before the root. */
  private int scan(byte[] name, int offset) {
    int labels = 0;
    int at = offset;
    while (name[at] != 0) {
      labelStarts[labels++] = at;
      at += 1 + (name[at] & 0xFF);
    }
    rootAt = at;
    int hash = 0;
    for (int i = labels - 1; i >= 0; i--) {
      int start = labelStarts[i];
      int length = name[start] & 0xFF;
      int h = length;
      for (int k = 1; k <= length; k++) {
        h = h * 31 + lower(name[start + k] & 0xFF);
      }
      hash = hash * 0x9E3779B1 + h;
      suffixHashes[i] = hash;
    }
    return labels;
  }

  private void add(int messageOffset, int hash) {
    if (size < CAPACITY && messageOffset <= MAX_POINTER_TARGET) {
      offsets[size] = messageOffset;
      hashes[size] = hash;
      size++;
    }
  }

  private int find(int hash, byte[] name, int at) {
    for (int i = 0; i < size; i++) {
      if (hashes[i] == hash && sameName(offsets[i], name, at)) {
        return offsets[i];
      }
    }
    return -1;
  }

  /** Compares the name at {@code messageOffset} in the message with {@code name[at]}. */
  private boolean sameName(int messageOffset, byte[] name, int at) {
    int m = messageStart + messageOffset;
    int n = at;
    for (int hops = 0; hops <= MAX_LABELS; ) {
      int length = out.getUnsignedByte(m);
      if ((length & 0xC0) == 0xC0) {
        m = messageStart + (((length & 0x3F) << 8) | out.getUnsignedByte(m + 1));
        hops++;
        continue;
      }
      if (length != (name[n] & 0xFF)) {
        return false;
      }
      if (length == 0) {
        return true;
      }
      for (int k = 1; k <= length; k++) {
        if (lower(out.getUnsignedByte(m + k)) != lower(name[n + k] & 0xFF)) {
          return false;
        }
      }
      m += length + 1;
      n += length + 1;
    }
    return false;
  }

  private static int lower(int b) {
    return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
  }
}
