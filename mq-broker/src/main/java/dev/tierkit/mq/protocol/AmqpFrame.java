package dev.tierkit.mq.protocol;

/**
 * A decoded AMQP frame. Frame types on the wire: 1 method, 2 content header, 3 content body, 8
 * heartbeat; each frame is type (octet), channel (short), payload size (long), payload and the
 * frame-end octet 0xCE.
 */
public sealed interface AmqpFrame
    permits MethodFrame, ContentHeaderFrame, ContentBodyFrame, HeartbeatFrame {
  int TYPE_METHOD = 1;
  int TYPE_HEADER = 2;
  int TYPE_BODY = 3;
  int TYPE_HEARTBEAT = 8;
  int FRAME_END = 0xCE;

  /** Bytes a frame adds around its payload: type, channel, size and frame-end. */
  int OVERHEAD = 8;

  /** The channel number; 0 is the connection itself. */
  int channel();
}
