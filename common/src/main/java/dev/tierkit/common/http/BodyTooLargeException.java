package dev.tierkit.common.http;

import io.netty.handler.codec.TooLongFrameException;

/**
 * A request body grew past {@link HttpLimits#maxBodySize()} while it streamed: a chunked body,
 * whose size no header announced. Answered 413 when nothing has been answered yet; the connection
 * closes either way.
 */
public final class BodyTooLargeException extends TooLongFrameException {
  private static final long serialVersionUID = 1L;

  public BodyTooLargeException(long maxBodySize) {
    super("request body larger than " + maxBodySize + " bytes");
  }
}
