package dev.tierkit.bench.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes the load generator stores, derived from the key and the length alone, so that any
 * connection can check any value it reads without knowing which connection wrote it or when: the
 * value of key {@code k} with length {@code n} is {@code n} bytes of a fixed printable cycle
 * starting at {@code k mod 64}. The item's flags carry the length, so a reply is checked for key,
 * flags, length (within the configured range) and every value byte.
 *
 * <p>Keys are {@code key:} followed by the key number in ten zero-padded digits (14 bytes), the
 * same for every item so that per-item memory compares across servers.
 */
final class ValuePattern {
  static final int KEY_LENGTH = 14;
  private static final byte[] KEY_PREFIX = "key:".getBytes(StandardCharsets.US_ASCII);
  private static final int CYCLE = 94; // '!' .. '~'
  private static final int OFFSETS = 64;

  private final byte[] pattern;

  ValuePattern(int maxLength) {
    pattern = new byte[OFFSETS + maxLength];
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = (byte) ('!' + i % CYCLE);
    }
  }

  /** Writes the key for {@code key} at {@code offset}; returns the offset after it. */
  static int writeKey(byte[] dst, int offset, long key) {
    System.arraycopy(KEY_PREFIX, 0, dst, offset, KEY_PREFIX.length);
    long rest = key;
    for (int i = offset + KEY_LENGTH - 1; i >= offset + KEY_PREFIX.length; i--) {
      dst[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return offset + KEY_LENGTH;
  }

  /** Whether {@code src[offset, offset + KEY_LENGTH)} is the key for {@code key}. */
  static boolean isKey(byte[] src, int offset, int length, long key) {
    if (length != KEY_LENGTH
        || !Arrays.equals(
            src, offset, offset + KEY_PREFIX.length, KEY_PREFIX, 0, KEY_PREFIX.length)) {
      return false;
    }
    long rest = key;
    for (int i = offset + KEY_LENGTH - 1; i >= offset + KEY_PREFIX.length; i--) {
      if (src[i] != (byte) ('0' + rest % 10)) {
        return false;
      }
      rest /= 10;
    }
    return true;
  }

  /** Writes the {@code length}-byte value of {@code key} at {@code offset}. */
  void writeValue(byte[] dst, int offset, long key, int length) {
    System.arraycopy(pattern, (int) (key % OFFSETS), dst, offset, length);
  }

  /**
   * Whether {@code src[offset, offset + length)} is the {@code length}-byte value of {@code key}.
   */
  boolean isValue(byte[] src, int offset, long key, int length) {
    int start = (int) (key % OFFSETS);
    return length <= pattern.length - OFFSETS
        && Arrays.equals(src, offset, offset + length, pattern, start, start + length);
  }
}
