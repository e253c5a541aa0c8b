package dev.tierkit.mq.protocol;

/**
 * The eight bytes a client sends before its first frame: {@code "AMQP" 0 0 9 1}. {@link
 * AmqpFrameDecoder} emits {@link #INSTANCE} when a connection opens with it; the broker then
 * answers with {@code connection.start}.
 */
public record ProtocolHeader() {
  /** The only instance. */
  public static final ProtocolHeader INSTANCE = new ProtocolHeader();

  static final byte[] BYTES = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

  /** A copy of the header's bytes. */
  public static byte[] bytes() {
    return BYTES.clone();
  }
}
