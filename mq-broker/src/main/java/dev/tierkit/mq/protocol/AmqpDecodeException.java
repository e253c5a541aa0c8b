package dev.tierkit.mq.protocol;

/**
 * Malformed input found while decoding a frame. It never leaves the codec: {@link AmqpFrameDecoder}
 * turns it into one {@link DecodeError}. No stack trace is filled in, because hostile input can
 * make it frequent and the reply code and text say all there is to say.
 */
final class AmqpDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ReplyCode replyCode;

  AmqpDecodeException(ReplyCode replyCode, String message) {
    super(message, null, false, false);
    this.replyCode = replyCode;
  }

  ReplyCode replyCode() {
    return replyCode;
  }
}
