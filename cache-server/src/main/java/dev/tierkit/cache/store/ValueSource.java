package dev.tierkit.cache.store;

/**
 * Value bytes to be stored, copied by the store straight into its own memory: the protocol layer
 * wraps the received buffer, so a set costs one copy (network buffer to store).
 */
public interface ValueSource {
  /** Length of the value in bytes. */
  int length();

  /** Copies all {@link #length()} bytes to {@code dst} starting at {@code offset}. */
  void copyTo(byte[] dst, int offset);

  /** A value held in a byte array (tests, incr/decr results, the benchmarks). */
  static ValueSource of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** {@code length} bytes of {@code bytes} from {@code offset}. */
  static ValueSource of(byte[] bytes, int offset, int length) {
    return new ValueSource() {
      @Override
      public int length() {
        return length;
      }

      @Override
      public void copyTo(byte[] dst, int dstOffset) {
        System.arraycopy(bytes, offset, dst, dstOffset, length);
      }
    };
  }
}
