package dev.tierkit.mq.protocol;

/** A heartbeat frame: always on channel 0 with an empty payload. */
public record HeartbeatFrame() implements AmqpFrame {
  /** The only instance. */
  public static final HeartbeatFrame INSTANCE = new HeartbeatFrame();

  @Override
  public int channel() {
    return 0;
  }
}
