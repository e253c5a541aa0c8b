package dev.tierkit.common.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.NetUtil;
import java.util.Locale;

/**
 * Decides whether a decoded request head may be forwarded, and which status answers it if not. Run
 * it on every {@link HttpRequest} from {@link StrictHttpRequestDecoder} before anything is sent to
 * a backend; a non-null status means: answer with {@link ErrorResponses#of(HttpResponseStatus,
 * boolean) ErrorResponses.of(status, true)} and close the connection.
 *
 * <p>In order:
 *
 * <ol>
 *   <li>a failed decoder result: 414 for a request line over {@link HttpLimits#maxRequestLine()},
 *       431 for headers over {@link HttpLimits#maxHeaderSize()}, 400 for anything else (framing
 *       conflicts, bad Content-Length or Transfer-Encoding, bad header names or values, folding,
 *       bad line endings);
 *   <li>a version other than HTTP/1.0 and HTTP/1.1: 505;
 *   <li>CONNECT: 405 (the proxy opens no tunnels);
 *   <li>a request-target with a byte outside {@code !}..{@code ~} (controls, spaces, non-ASCII), or
 *       a {@code #}: 400; a target that is not origin-form ({@code /...}), absolute-form ({@code
 *       http://} or {@code https://} with a valid authority and no userinfo), or {@code *} with
 *       OPTIONS: 400;
 *   <li>no Host in HTTP/1.1, more than one Host, or a Host that is not {@code uri-host[:port]}: 400
 *       (RFC 9112 §3.2);
 *   <li>a Content-Length over {@link HttpLimits#maxBodySize()} (when that is not 0): 413.
 * </ol>
 *
 * <p>Host syntax is narrower than RFC 3986 allows, as nothing legitimate needs the rest: a name of
 * letters, digits, {@code -}, {@code .}, {@code _} and {@code ~} (no percent-encoding, no
 * sub-delims such as {@code ,} which a joined pair of Host lines would show), an IPv4 address, or a
 * bracketed IPv6 address without zone; the port, when a colon is there, is 1 to 5 digits up to
 * 65535. An empty Host (allowed by RFC 9110 §7.2) passes, and {@link #hostOf} gives null for it.
 *
 * <p>An absolute-form request is normalised when it passes: the target's authority wins over the
 * Host field (RFC 9112 §3.2.2), so Host is set to it, and the target becomes origin-form (its path
 * and query, {@code /} when empty), which is what a backend, an origin server, expects (RFC 9112
 * §3.2.1). Routing and the forwarded request then agree on the host.
 *
 * <p>A chunked body's size is not known here: {@link StrictHttpRequestDecoder} counts it as it
 * streams, and {@link #checkContent} maps the failure to 413.
 */
public final class RequestValidator {
  private RequestValidator() {}

  /**
   * The status to answer {@code request} with, or null when it may go on (after normalising an
   * absolute-form target, see above).
   */
  public static HttpResponseStatus check(HttpRequest request, HttpLimits limits) {
    DecoderResult result = request.decoderResult();
    if (result.isFailure()) {
      Throwable cause = result.cause();
      if (cause instanceof TooLongHttpLineException) {
        return HttpResponseStatus.REQUEST_URI_TOO_LONG;
      }
      if (cause instanceof TooLongHttpHeaderException) {
        return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      }
      return HttpResponseStatus.BAD_REQUEST;
    }
    HttpVersion version = request.protocolVersion();
    boolean http11 = isVersion(version, 1);
    if (!http11 && !isVersion(version, 0)) {
      return HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED;
    }
    if (HttpMethod.CONNECT.equals(request.method())) {
      return HttpResponseStatus.METHOD_NOT_ALLOWED;
    }
    String target = request.uri();
    if (!isVisibleAscii(target)) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    HttpHeaders headers = request.headers();
    String host = headers.get(HttpHeaderNames.HOST);
    if (host == null) {
      if (http11) {
        return HttpResponseStatus.BAD_REQUEST;
      }
    } else if (hasSecondHost(headers) || !isHostAndPort(host, 0, host.length())) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    if (target.startsWith("/")) {
      // origin-form
    } else if (target.equals("*")) {
      if (!HttpMethod.OPTIONS.equals(request.method())) {
        return HttpResponseStatus.BAD_REQUEST;
      }
    } else if (!normaliseAbsoluteForm(request, target)) {
      return HttpResponseStatus.BAD_REQUEST;
    }
    long maxBody = limits.maxBodySize();
    if (maxBody > 0 && HttpUtil.getContentLength(request, -1L) > maxBody) {
      return HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
    }
    return null;
  }

  /**
   * The status for a failed body piece from {@link StrictHttpRequestDecoder}, or null when {@code
   * content} may be forwarded: 413 for a body past {@link HttpLimits#maxBodySize()} ({@link
   * BodyTooLargeException}), 400 for a broken chunk (bad size, missing CRLF, bad extension or
   * trailer). Once a body has started going to a backend there is no answering with it: close both
   * connections instead.
   */
  public static HttpResponseStatus checkContent(HttpContent content) {
    DecoderResult result = content.decoderResult();
    if (result.isSuccess()) {
      return null;
    }
    return result.cause() instanceof BodyTooLargeException
        ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE
        : HttpResponseStatus.BAD_REQUEST;
  }

  /**
   * The host {@code request} is for, for routing: the Host field in lower case without its port, an
   * IPv6 address without its brackets; null when Host is absent or empty. Call it after {@link
   * #check} passed, which validated Host and moved an absolute-form authority into it.
   */
  public static String hostOf(HttpRequest request) {
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (host == null || host.isEmpty()) {
      return null;
    }
    int end;
    int start = 0;
    if (host.charAt(0) == '[') {
      start = 1;
      end = host.indexOf(']');
      if (end < 0) {
        end = host.length();
      }
    } else {
      end = host.lastIndexOf(':');
      if (end < 0) {
        end = host.length();
      }
    }
    String name = host.substring(start, end);
    return hasUpperCase(name) ? name.toLowerCase(Locale.ROOT) : name;
  }

  /**
   * The path of {@code request}'s target without its query, for routing ({@code *} for {@code
   * OPTIONS *}). Call it after {@link #check} passed, which left the target in origin-form.
   */
  public static String pathOf(HttpRequest request) {
    String target = request.uri();
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  private static boolean isVersion(HttpVersion version, int minor) {
    return version.majorVersion() == 1
        && version.minorVersion() == minor
        && "HTTP".equals(version.protocolName());
  }

  private static boolean hasSecondHost(HttpHeaders headers) {
    // Fast path: one Host is the norm and getAll would allocate a list per request.
    int count = 0;
    for (var it = headers.valueCharSequenceIterator(HttpHeaderNames.HOST);
        it.hasNext();
        it.next()) {
      if (++count > 1) {
        return true;
      }
    }
    return false;
  }

  private static boolean isVisibleAscii(String target) {
    if (target.isEmpty()) {
      return false;
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '#') {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks an absolute-form target and, when it is one, rewrites the request to origin-form with
   * its authority as Host.
   */
  private static boolean normaliseAbsoluteForm(HttpRequest request, String target) {
    int authorityStart;
    if (target.regionMatches(true, 0, "http://", 0, 7)) {
      authorityStart = 7;
    } else if (target.regionMatches(true, 0, "https://", 0, 8)) {
      authorityStart = 8;
    } else {
      return false;
    }
    int authorityEnd = authorityStart;
    while (authorityEnd < target.length()
        && target.charAt(authorityEnd) != '/'
        && target.charAt(authorityEnd) != '?') {
      authorityEnd++;
    }
    if (authorityEnd == authorityStart || !isHostAndPort(target, authorityStart, authorityEnd)) {
      return false;
    }
    String path = target.substring(authorityEnd);
    if (path.isEmpty() || path.charAt(0) == '?') {
      path = "/" + path;
    }
    request.headers().set(HttpHeaderNames.HOST, target.substring(authorityStart, authorityEnd));
    request.setUri(path);
    return true;
  }

  /** Whether {@code s[start, end)} is {@code uri-host [ ":" port ]} as narrowed above. */
  static boolean isHostAndPort(CharSequence s, int start, int end) {
    if (start == end) {
      return true;
    }
    int hostEnd;
    if (s.charAt(start) == '[') {
      int close = indexOf(s, ']', start, end);
      if (close < 0 || !isIpv6Literal(s, start + 1, close)) {
        return false;
      }
      hostEnd = close + 1;
      if (hostEnd < end && s.charAt(hostEnd) != ':') {
        return false;
      }
    } else {
      int colon = indexOf(s, ':', start, end);
      hostEnd = colon < 0 ? end : colon;
      if (hostEnd == start || !isRegNameOrIpv4(s, start, hostEnd)) {
        return false;
      }
    }
    return hostEnd == end || isPort(s, hostEnd + 1, end);
  }

  private static boolean isRegNameOrIpv4(CharSequence s, int start, int end) {
    // An IPv4 address is a reg-name by these rules too, and routes match it as text.
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIpv6Literal(CharSequence s, int start, int end) {
    boolean colon = false;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == ':') {
        colon = true;
      } else if (!isHexDigit(c) && c != '.') {
        return false;
      }
    }
    return colon && NetUtil.isValidIpV6Address(s.subSequence(start, end));
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isPort(CharSequence s, int start, int end) {
    int length = end - start;
    if (length < 1 || length > 5) {
      return false;
    }
    int port = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }

  private static int indexOf(CharSequence s, char c, int start, int end) {
    for (int i = start; i < end; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return true;
      }
    }
    return false;
  }
}
