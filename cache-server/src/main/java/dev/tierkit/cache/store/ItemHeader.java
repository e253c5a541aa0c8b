package dev.tierkit.cache.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 34-byte header at the start of every chunk, read and written in place (little-endian):
 *
 * <pre>
 *  0  cas           8  64-bit CAS
 *  8  expires       4  unsigned Unix seconds, 0 = never (clamped to 2106-02-07)
 * 12  accessed      4  unsigned Unix seconds of the last store or fetch
 * 16  flags         4  the client's 32-bit flags
 * 20  valueLength   4
 * 24  prev          4  chunk reference: LRU link while linked, free-list link while free
 * 28  next          4  chunk reference, as prev
 * 32  keyLength     1  unsigned, 1..250
 * 33  bits          1  LINKED STALE WIN FETCHED ACTIVE PROTECTED
 * 34  key bytes, then value bytes
 * </pre>
 */
final class ItemHeader {
  static final int CAS = 0;
  static final int EXPIRES = 8;
  static final int ACCESSED = 12;
  static final int FLAGS = 16;
  static final int VALUE_LENGTH = 20;
  static final int PREV = 24;
  static final int NEXT = 28;
  static final int KEY_LENGTH = 32;
  static final int BITS = 33;

  /** Bytes before the key. */
  static final int SIZE = 34;

  /** The chunk holds an item (clear: the chunk is on its class's free list). */
  static final int LINKED = 1;

  static final int STALE = 1 << 1;
  static final int WIN = 1 << 2;
  static final int FETCHED = 1 << 3;

  /** Hit since it entered its LRU segment; acted on only when the item reaches a tail. */
  static final int ACTIVE = 1 << 4;

  /** In the protected segment of its class's LRU (else probation). */
  static final int PROTECTED = 1 << 5;

  private static final long MAX_SECONDS = 0xFFFF_FFFFL;
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ItemHeader() {}

  static long cas(byte[] page, int chunk) {
    return (long) LONG.get(page, chunk + CAS);
  }

  static void setCas(byte[] page, int chunk, long cas) {
    LONG.set(page, chunk + CAS, cas);
  }

  static long expires(byte[] page, int chunk) {
    return Integer.toUnsignedLong((int) INT.get(page, chunk + EXPIRES));
  }

  /** Negative times become 1 (long past), times after 2106 become the largest one stored. */
  static void setExpires(byte[] page, int chunk, long seconds) {
    long stored = seconds == 0 ? 0 : Math.min(Math.max(seconds, 1), MAX_SECONDS);
    INT.set(page, chunk + EXPIRES, (int) stored);
  }

  static long accessed(byte[] page, int chunk) {
    return Integer.toUnsignedLong((int) INT.get(page, chunk + ACCESSED));
  }

  static void setAccessed(byte[] page, int chunk, long seconds) {
    INT.set(page, chunk + ACCESSED, (int) Math.min(Math.max(seconds, 0), MAX_SECONDS));
  }

  static int flags(byte[] page, int chunk) {
    return (int) INT.get(page, chunk + FLAGS);
  }

  static void setFlags(byte[] page, int chunk, int flags) {
    INT.set(page, chunk + FLAGS, flags);
  }

  static int valueLength(byte[] page, int chunk) {
    return (int) INT.get(page, chunk + VALUE_LENGTH);
  }

  static void setValueLength(byte[] page, int chunk, int length) {
    INT.set(page, chunk + VALUE_LENGTH, length);
  }

  static int prev(byte[] page, int chunk) {
    return (int) INT.get(page, chunk + PREV);
  }

  static void setPrev(byte[] page, int chunk, int ref) {
    INT.set(page, chunk + PREV, ref);
  }

  static int next(byte[] page, int chunk) {
    return (int) INT.get(page, chunk + NEXT);
  }

  static void setNext(byte[] page, int chunk, int ref) {
    INT.set(page, chunk + NEXT, ref);
  }

  static int keyLength(byte[] page, int chunk) {
    return page[chunk + KEY_LENGTH] & 0xFF;
  }

  static void setKeyLength(byte[] page, int chunk, int length) {
    page[chunk + KEY_LENGTH] = (byte) length;
  }

  static int bits(byte[] page, int chunk) {
    return page[chunk + BITS] & 0xFF;
  }

  static void setBits(byte[] page, int chunk, int bits) {
    page[chunk + BITS] = (byte) bits;
  }

  static boolean has(byte[] page, int chunk, int bit) {
    return (page[chunk + BITS] & bit) != 0;
  }

  static int keyOffset(int chunk) {
    return chunk + SIZE;
  }

  static int valueOffset(byte[] page, int chunk) {
    return chunk + SIZE + keyLength(page, chunk);
  }

  /** Header, key and value: what the item needs, before rounding to its chunk. */
  static int itemSize(byte[] page, int chunk) {
    return SIZE + keyLength(page, chunk) + valueLength(page, chunk);
  }
}
