package dev.tierkit.mq.protocol;

/**
 * The AMQP 0-9-1 reply codes, with the names RabbitMQ prints in reply texts. Codes of 500 and above
 * are connection errors (the connection is closed); 3xx and 4xx are channel errors.
 */
public enum ReplyCode {
  REPLY_SUCCESS(200),
  CONTENT_TOO_LARGE(311),
  NO_ROUTE(312),
  NO_CONSUMERS(313),
  CONNECTION_FORCED(320),
  INVALID_PATH(402),
  ACCESS_REFUSED(403),
  NOT_FOUND(404),
  RESOURCE_LOCKED(405),
  PRECONDITION_FAILED(406),
  FRAME_ERROR(501),
  SYNTAX_ERROR(502),
  COMMAND_INVALID(503),
  CHANNEL_ERROR(504),
  UNEXPECTED_FRAME(505),
  RESOURCE_ERROR(506),
  NOT_ALLOWED(530),
  NOT_IMPLEMENTED(540),
  INTERNAL_ERROR(541);

  private final int code;

  ReplyCode(int code) {
    this.code = code;
  }

  /** The numeric code sent in {@code connection.close} or {@code channel.close}. */
  public int code() {
    return code;
  }

  /** True for codes that close the whole connection rather than one channel. */
  public boolean isConnectionError() {
    return this == CONNECTION_FORCED || this == INVALID_PATH || code >= 500;
  }
}
