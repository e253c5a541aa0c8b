package dev.tierkit.mq.protocol;

import java.util.Objects;

/**
 * Malformed input: the reply code and text the broker should send in {@code connection.close}
 * before closing, and the class and method being decoded (0 when the fault is below the method
 * layer). {@link AmqpFrameDecoder} emits at most one per connection and discards everything after
 * it.
 */
public record DecodeError(
    ReplyCode replyCode, int channel, int classId, int methodId, String message) {
  public DecodeError {
    Objects.requireNonNull(replyCode, "replyCode");
    Objects.requireNonNull(message, "message");
  }

  /** The reply text as RabbitMQ words it: the code's name, a dash, then the detail. */
  public String replyText() {
    return replyCode.name() + " - " + message;
  }
}
