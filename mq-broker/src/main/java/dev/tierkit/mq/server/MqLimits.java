package dev.tierkit.mq.server;

import dev.tierkit.mq.protocol.CodecLimits;

/**
 * Protocol limits, each stated to the client in {@code connection.tune} or enforced where the spec
 * says: frames above {@code frameMax} close the connection with 501, bodies above {@code
 * maxBodySize} close the channel with 406 (RabbitMQ's max_message_size), channels above {@code
 * channelMax} close the connection with 504.
 *
 * @param channelMax highest channel number a client may open (default 2047, RabbitMQ's)
 * @param frameMax largest frame in bytes (default 131072, RabbitMQ's)
 * @param heartbeatSeconds heartbeat interval the broker proposes (default 60, RabbitMQ's)
 * @param maxBodySize largest message body in bytes (default 128 MiB, RabbitMQ's)
 * @param maxTableDepth deepest nesting of field tables and arrays accepted (default 16)
 */
public record MqLimits(
    int channelMax, int frameMax, int heartbeatSeconds, long maxBodySize, int maxTableDepth) {
  public static final int DEFAULT_CHANNEL_MAX = 2047;
  public static final int DEFAULT_HEARTBEAT = 60;
  public static final long DEFAULT_MAX_BODY_SIZE = 128L << 20;

  public MqLimits {
    if (channelMax < 1 || channelMax > 65535) {
      throw new IllegalArgumentException("--channel-max must be 1..65535, got " + channelMax);
    }
    if (frameMax < CodecLimits.MIN_FRAME_MAX) {
      throw new IllegalArgumentException(
          "--frame-max must be at least " + CodecLimits.MIN_FRAME_MAX + ", got " + frameMax);
    }
    if (heartbeatSeconds < 0 || heartbeatSeconds > 65535) {
      throw new IllegalArgumentException(
          "--heartbeat must be 0..65535 seconds, got " + heartbeatSeconds);
    }
    if (maxBodySize < 0) {
      throw new IllegalArgumentException("--max-message-size must not be negative");
    }
    if (maxTableDepth < 1) {
      throw new IllegalArgumentException("table depth must be at least 1");
    }
  }

  public static MqLimits defaults() {
    return new MqLimits(
        DEFAULT_CHANNEL_MAX,
        CodecLimits.DEFAULT_FRAME_MAX,
        DEFAULT_HEARTBEAT,
        DEFAULT_MAX_BODY_SIZE,
        CodecLimits.DEFAULT_MAX_TABLE_DEPTH);
  }

  CodecLimits codecLimits() {
    return new CodecLimits(frameMax, maxTableDepth);
  }
}
