package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.util.Objects;

/**
 * A broker refusal that closes a channel (3xx/4xx codes) or the whole connection (5xx), raised by
 * the core where RabbitMQ raises it. The reply text reads as RabbitMQ's does: the code's name, a
 * dash, then a detail naming the object ({@code NOT_FOUND - no queue 'q' in vhost '/'}). The
 * protocol handler adds the class and method being processed when it sends the close.
 */
public final class AmqpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ReplyCode replyCode;
  private final String detail;

  public AmqpException(ReplyCode replyCode, String detail) {
    super(replyCode.name() + " - " + detail, null, false, false);
    this.replyCode = Objects.requireNonNull(replyCode, "replyCode");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  public ReplyCode replyCode() {
    return replyCode;
  }

  /** The part after the code's name. */
  public String detail() {
    return detail;
  }

  /** The text sent in {@code channel.close} or {@code connection.close}. */
  public String replyText() {
    return getMessage();
  }

  public boolean isConnectionError() {
    return replyCode.isConnectionError();
  }

  static AmqpException notFound(String detail) {
    return new AmqpException(ReplyCode.NOT_FOUND, detail);
  }

  static AmqpException preconditionFailed(String detail) {
    return new AmqpException(ReplyCode.PRECONDITION_FAILED, detail);
  }

  static AmqpException accessRefused(String detail) {
    return new AmqpException(ReplyCode.ACCESS_REFUSED, detail);
  }

  static AmqpException resourceLocked(String detail) {
    return new AmqpException(ReplyCode.RESOURCE_LOCKED, detail);
  }
}
