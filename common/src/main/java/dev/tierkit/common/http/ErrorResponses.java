package dev.tierkit.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.LeakPresenceDetector;
import java.nio.charset.StandardCharsets;

/**
 * The responses the proxy sends on its own behalf: a short HTML page per status, in the manner of
 * HAProxy's ({@code <h1>503 Service Unavailable</h1>} and one sentence), with {@code Content-Type:
 * text/html}, {@code Cache-Control: no-cache}, {@code Content-Length}, and {@code Connection:
 * close} when asked.
 *
 * <p>They are sent most often under attack (floods of malformed requests), so the body of every
 * status below is built once, in a shared read-only buffer that is never freed; each response holds
 * a duplicate of it (own indices, no copy, release is a no-op). Other statuses get a body built per
 * call: 400, 403, 404, 405, 408, 413, 414, 421, 429, 431, 500, 501, 502, 503, 504, 505.
 */
public final class ErrorResponses {
  private static final int[] CACHED = {
    400, 403, 404, 405, 408, 413, 414, 421, 429, 431, 500, 501, 502, 503, 504, 505
  };
  private static final AsciiString TEXT_HTML = AsciiString.cached("text/html");

  private record Page(ByteBuf body, AsciiString length) {}

  private static final Page[] PAGES = LeakPresenceDetector.staticInitializer(ErrorResponses::build);

  private ErrorResponses() {}

  /**
   * An HTTP/1.1 response for {@code status} with its page; {@code close} adds {@code Connection:
   * close}. The caller owns the response (writing it releases it).
   */
  public static FullHttpResponse of(HttpResponseStatus status, boolean close) {
    int code = status.code();
    Page page = code >= 0 && code < PAGES.length ? PAGES[code] : null;
    ByteBuf body;
    AsciiString length;
    if (page != null) {
      body = page.body().retainedDuplicate();
      length = page.length();
    } else {
      byte[] bytes = html(status).getBytes(StandardCharsets.US_ASCII);
      body = Unpooled.wrappedBuffer(bytes);
      length = AsciiString.of(Integer.toString(bytes.length));
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_HTML);
    headers.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
    headers.set(HttpHeaderNames.CONTENT_LENGTH, length);
    if (close) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return response;
  }

  /** The sentence under a status's heading. */
  static String sentence(int code) {
    return switch (code) {
      case 400 -> "Your browser sent an invalid request.";
      case 403 -> "Request forbidden by administrative rules.";
      case 404 -> "The requested URL was not found.";
      case 405 -> "The request method is not allowed here.";
      case 408 -> "Your browser didn't send a complete request in time.";
      case 413 -> "The request body is larger than this server accepts.";
      case 414 -> "The request line is longer than this server accepts.";
      case 421 -> "The request was sent to a server that cannot answer for its host.";
      case 429 -> "You have sent too many requests in a given amount of time.";
      case 431 -> "The request header fields are larger than this server accepts.";
      case 500 -> "An internal server error occurred.";
      case 501 -> "The request method or feature is not supported.";
      case 502 -> "The server returned an invalid or incomplete response.";
      case 503 -> "No server is available to handle this request.";
      case 504 -> "The server didn't respond in time.";
      case 505 -> "The HTTP version of the request is not supported.";
      default -> "";
    };
  }

  private static String html(HttpResponseStatus status) {
    HttpResponseStatus standard = HttpResponseStatus.valueOf(status.code());
    return "<html><body><h1>"
        + status.code()
        + ' '
        + standard.reasonPhrase()
        + "</h1>\n"
        + sentence(status.code())
        + "\n</body></html>\n";
  }

  private static Page[] build() {
    Page[] pages = new Page[600];
    for (int code : CACHED) {
      byte[] bytes = html(HttpResponseStatus.valueOf(code)).getBytes(StandardCharsets.US_ASCII);
      ByteBuf shared =
          Unpooled.unreleasableBuffer(
              Unpooled.directBuffer(bytes.length).writeBytes(bytes).asReadOnly());
      pages[code] = new Page(shared, AsciiString.cached(Integer.toString(bytes.length)));
    }
    return pages;
  }
}
