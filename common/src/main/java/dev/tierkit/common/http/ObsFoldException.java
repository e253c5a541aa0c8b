package dev.tierkit.common.http;

import io.netty.handler.codec.DecoderException;

/**
 * A request head had a line starting with a space or a tab: obsolete line folding (RFC 9112 §5.2),
 * or whitespace between the request line and the first header (RFC 9112 §2.2). Netty would join
 * such a line to the previous value; a proxy that did so could disagree with its backend about the
 * header, so the request is refused with 400 instead.
 */
public final class ObsFoldException extends DecoderException {
  private static final long serialVersionUID = 1L;

  public ObsFoldException() {
    super("a header line starts with whitespace (obsolete line folding)");
  }
}
