package dev.tierkit.common.http;

import io.netty.handler.codec.DecoderException;

/**
 * A request head had more than one Content-Length field line. Netty refuses that for HTTP/1.1 but
 * keeps the first value of an HTTP/1.0 request, so a backend that kept the last one would read a
 * different body length: the classic request-smuggling shape, refused with 400 for every version.
 */
public final class DuplicateContentLengthException extends DecoderException {
  private static final long serialVersionUID = 1L;

  public DuplicateContentLengthException() {
    super("more than one Content-Length field line");
  }
}
