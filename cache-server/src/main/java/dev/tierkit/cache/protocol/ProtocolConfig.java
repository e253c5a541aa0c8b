package dev.tierkit.cache.protocol;

/**
 * The protocol layer's limits, each mapped to memcached's own reaction when exceeded.
 *
 * @param maxLineLength the longest command line without a newline, in bytes (default 2048, as
 *     memcached); a longer line closes the connection, unless it is a {@code get}/{@code gets}
 * @param maxMultigetLineLength the longest {@code get}/{@code gets} line (default 1 MiB); memcached
 *     lets these grow without bound, a longer one here closes the connection
 * @param maxKeyLength the longest key in bytes (default 250, memcached's {@code KEY_MAX_LENGTH});
 *     longer gives {@code CLIENT_ERROR bad command line format}
 * @param maxValueLength the largest data block accepted (default 1 MiB, {@code -I}); a larger
 *     declared length gives {@code SERVER_ERROR object too large for cache} and the block is
 *     skipped as it arrives, never buffered. The store may still refuse a slightly smaller value
 *     whose key and overhead take the item over its own limit.
 */
public record ProtocolConfig(
    int maxLineLength, int maxMultigetLineLength, int maxKeyLength, int maxValueLength) {
  /** Default for {@link #maxLineLength}. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 2048;

  /** Default for {@link #maxMultigetLineLength}. */
  public static final int DEFAULT_MAX_MULTIGET_LINE_LENGTH = 1 << 20;

  /** Default for {@link #maxKeyLength}. */
  public static final int DEFAULT_MAX_KEY_LENGTH = 250;

  /** Default for {@link #maxValueLength}. */
  public static final int DEFAULT_MAX_VALUE_LENGTH = 1 << 20;

  public ProtocolConfig {
    if (maxLineLength < 512) {
      throw new IllegalArgumentException(
          "maxLineLength must be at least 512, got " + maxLineLength);
    }
    if (maxMultigetLineLength < maxLineLength) {
      throw new IllegalArgumentException(
          "maxMultigetLineLength ("
              + maxMultigetLineLength
              + ") must be at least maxLineLength ("
              + maxLineLength
              + ")");
    }
    if (maxKeyLength < 1 || maxKeyLength > 250) {
      throw new IllegalArgumentException(
          "maxKeyLength must be between 1 and 250, got " + maxKeyLength);
    }
    if (maxValueLength < 0) {
      throw new IllegalArgumentException("maxValueLength must be >= 0, got " + maxValueLength);
    }
  }

  /** Every limit at its default. */
  public static ProtocolConfig defaults() {
    return new ProtocolConfig(
        DEFAULT_MAX_LINE_LENGTH,
        DEFAULT_MAX_MULTIGET_LINE_LENGTH,
        DEFAULT_MAX_KEY_LENGTH,
        DEFAULT_MAX_VALUE_LENGTH);
  }

  /** These limits with another value size limit (usually the store's {@code -I}). */
  public ProtocolConfig withMaxValueLength(int bytes) {
    return new ProtocolConfig(maxLineLength, maxMultigetLineLength, maxKeyLength, bytes);
  }
}
