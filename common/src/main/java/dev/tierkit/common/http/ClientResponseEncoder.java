package dev.tierkit.common.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The response encoder of a client connection. Unlike {@link HttpResponseEncoder} alone it knows
 * when a response answers HEAD (the proxy says so before writing it), so a chunked answer to HEAD
 * gets no terminating chunk; and it treats a 101 as the end of HTTP on the connection, whatever its
 * headers.
 */
public final class ClientResponseEncoder extends HttpResponseEncoder {
  private boolean answeringHead;

  /** Whether the next response written answers a HEAD request. */
  public void answeringHead(boolean head) {
    this.answeringHead = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    if (answeringHead || msg.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      return true;
    }
    return super.isContentAlwaysEmpty(msg);
  }
}
