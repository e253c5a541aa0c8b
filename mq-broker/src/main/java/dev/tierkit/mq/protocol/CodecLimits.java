package dev.tierkit.mq.protocol;

/**
 * The limits {@link AmqpFrameDecoder} enforces.
 *
 * @param frameMax the largest frame accepted, header and frame-end included, as negotiated by
 *     {@code connection.tune}; default {@value #DEFAULT_FRAME_MAX} (RabbitMQ's default), at least
 *     {@value #MIN_FRAME_MAX} (the spec's minimum). A larger frame is connection error 501.
 * @param maxTableDepth how deeply field tables and arrays may nest inside one another; default
 *     {@value #DEFAULT_MAX_TABLE_DEPTH}. Deeper nesting is connection error 502, so a hostile table
 *     cannot exhaust the stack.
 */
public record CodecLimits(int frameMax, int maxTableDepth) {
  public static final int DEFAULT_FRAME_MAX = 131_072;
  public static final int MIN_FRAME_MAX = 4096;
  public static final int DEFAULT_MAX_TABLE_DEPTH = 16;

  public CodecLimits {
    if (frameMax < MIN_FRAME_MAX) {
      throw new IllegalArgumentException(
          "frameMax must be at least " + MIN_FRAME_MAX + ", got " + frameMax);
    }
    if (maxTableDepth < 1) {
      throw new IllegalArgumentException("maxTableDepth must be at least 1, got " + maxTableDepth);
    }
  }

  /** RabbitMQ's defaults: frame_max 131072, tables nested 16 deep. */
  public static CodecLimits defaults() {
    return new CodecLimits(DEFAULT_FRAME_MAX, DEFAULT_MAX_TABLE_DEPTH);
  }

  /** The same limits with another frame_max, as agreed in {@code connection.tune-ok}. */
  public CodecLimits withFrameMax(int newFrameMax) {
    return new CodecLimits(newFrameMax, maxTableDepth);
  }
}
