package dev.tierkit.cache.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A 64-bit hash of key bytes: xxHash64's single-lane loop (the whole of xxHash64 for inputs under
 * 32 bytes) over eight bytes at a time, then its avalanche. The low bits pick the shard, the high
 * 32 bits the index slot and the tag stored beside it, so the two choices are independent. Each
 * store draws a random seed, so clients cannot aim keys at one probe run (hash flooding).
 */
final class KeyHash {
  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private KeyHash() {}

  static long hash(byte[] bytes, int offset, int length, long seed) {
    long h = seed + P5 + length;
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      long k = (long) LONG.get(bytes, i);
      k *= P2;
      k = Long.rotateLeft(k, 31);
      k *= P1;
      h ^= k;
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (i + 4 <= end) {
      h ^= Integer.toUnsignedLong((int) INT.get(bytes, i)) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      i += 4;
    }
    for (; i < end; i++) {
      h ^= (bytes[i] & 0xFF) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  /** The part of the hash the shard index uses: slot position and stored tag. */
  static int indexHash(long hash) {
    return (int) (hash >>> 32);
  }
}
