package dev.tierkit.common.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The header rules of a forwarding hop (RFC 9110 §7.6.1), applied in place to a request on its way
 * to a backend and to a response on its way back. It runs on every message, so it works on Netty's
 * header map directly: no regular expressions, no streams, no list unless a header repeats.
 *
 * <p>Both directions drop the hop-by-hop fields: {@code Connection} and every field it names,
 * {@code Keep-Alive}, {@code Proxy-Connection}, and {@code Upgrade} unless the message is part of a
 * protocol switch (then {@code Upgrade} stays and {@code Connection: upgrade} is sent). A field
 * named in {@code Connection} is never removed when it is {@code Host}, {@code Content-Length} or
 * {@code Transfer-Encoding}: the encoder frames the body from the last two, and a client must not
 * be able to strip the first. Read {@code Connection} (for example with {@code
 * HttpUtil.isKeepAlive}) before calling these methods; they remove it.
 *
 * <p>Requests also lose {@code TE}: it only speaks for the client's hop, and this proxy does not
 * promise trailers to backends, since a client over HTTP/1.0 could not receive them. Requests go
 * out as HTTP/1.1 whatever the client spoke (an HTTP/1.0 request has no chunked body: the decoder
 * refuses Transfer-Encoding in HTTP/1.0).
 *
 * <p>Forwarding fields: the peer's address is appended to {@code X-Forwarded-For} (lines joined
 * into one) whoever the peer is, as HAProxy's {@code option forwardfor} and nginx's {@code
 * $proxy_add_x_forwarded_for} do, so the backend sees the whole chain. When the peer is not
 * trusted, {@code X-Forwarded-Proto} is replaced by {@code https} or {@code http}, {@code
 * X-Forwarded-Host} by the client's Host (removed without one), and {@code Forwarded} is removed
 * (this proxy does not write it, and a backend believing a client's copy would be fooled); from a
 * trusted peer those are kept, or set as above when absent. Either way {@code X-Real-IP} is set to
 * {@link #clientAddress}: the entries a client wrote itself are never believed there, so a backend
 * that needs the client's address should read {@code X-Real-IP}, not the chain's first entry.
 * {@code Host} is kept as the client sent it.
 *
 * <p>Addresses are written without port, IPv6 in RFC 5952 form without brackets.
 */
public final class HeaderRewriter {
  /** {@code x-forwarded-for}. */
  public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");

  /** {@code x-forwarded-proto}. */
  public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");

  /** {@code x-forwarded-host}. */
  public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");

  /** {@code x-real-ip}. */
  public static final AsciiString X_REAL_IP = AsciiString.cached("x-real-ip");

  /** {@code forwarded} (RFC 7239). */
  public static final AsciiString FORWARDED = AsciiString.cached("forwarded");

  private static final AsciiString HTTPS = AsciiString.cached("https");
  private static final AsciiString HTTP = AsciiString.cached("http");

  private HeaderRewriter() {}

  /**
   * Rewrites {@code request} for a backend.
   *
   * @param peer the address the connection came from (after a PROXY protocol header, its source)
   * @param peerTrusted whether {@code peer} is one of the frontend's trusted proxies
   * @param trustedHops how many X-Forwarded-For entries from the right are believed (see {@link
   *     #clientAddress})
   * @param tls whether the client connection is TLS
   * @param upgrade whether the request is to be forwarded as a protocol switch (WebSocket)
   */
  public static void forwardRequest(
      HttpRequest request,
      InetSocketAddress peer,
      boolean peerTrusted,
      int trustedHops,
      boolean tls,
      boolean upgrade) {
    forwardRequest(request, addressOf(peer), peerTrusted, trustedHops, tls, upgrade);
  }

  /**
   * {@link #forwardRequest(HttpRequest, InetSocketAddress, boolean, int, boolean, boolean)} with
   * the peer's address already as text ({@link #addressOf}), which a connection computes once
   * rather than once per request.
   */
  public static void forwardRequest(
      HttpRequest request,
      String peerAddress,
      boolean peerTrusted,
      int trustedHops,
      boolean tls,
      boolean upgrade) {
    HttpHeaders headers = request.headers();
    String client = clientAddress(headers, peerAddress, peerTrusted, trustedHops);
    String host = headers.get(HttpHeaderNames.HOST);
    removeHopByHop(headers, upgrade);
    headers.remove(HttpHeaderNames.TE);
    request.setProtocolVersion(HttpVersion.HTTP_1_1);

    AsciiString proto = tls ? HTTPS : HTTP;
    // X-Forwarded-For is appended to from every peer, as HAProxy's and nginx's forwarding does,
    // so a backend sees the whole chain; which entry is the client is X-Real-IP's job.
    String chain = joined(headers, X_FORWARDED_FOR);
    headers.set(X_FORWARDED_FOR, chain == null ? peerAddress : chain + ", " + peerAddress);
    if (peerTrusted) {
      if (!headers.contains(X_FORWARDED_PROTO)) {
        headers.set(X_FORWARDED_PROTO, proto);
      }
      if (host != null && !headers.contains(X_FORWARDED_HOST)) {
        headers.set(X_FORWARDED_HOST, host);
      }
    } else {
      headers.set(X_FORWARDED_PROTO, proto);
      if (host != null) {
        headers.set(X_FORWARDED_HOST, host);
      } else {
        headers.remove(X_FORWARDED_HOST);
      }
      headers.remove(FORWARDED);
    }
    headers.set(X_REAL_IP, client);
  }

  /**
   * Rewrites a backend's {@code response} for the client: drops the hop-by-hop fields, keeping
   * {@code Upgrade} (and sending {@code Connection: upgrade}) only on a 101 when {@code upgrade}.
   */
  public static void forwardResponse(HttpResponse response, boolean upgrade) {
    removeHopByHop(response.headers(), upgrade && response.status().code() == 101);
  }

  /**
   * The address believed to be the client's.
   *
   * <p>It is the peer's address unless the peer is trusted and {@code trustedHops > 0}; then it is
   * the X-Forwarded-For entry {@code trustedHops} from the right (1 = the rightmost, which the
   * trusted peer itself appended), all X-Forwarded-For lines read as one list. A chain shorter than
   * that gives its leftmost entry: every hop in it was trusted, so its first entry is the client.
   * An entry may carry a port ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}), which is
   * dropped, as are IPv6 brackets. No X-Forwarded-For, or a chosen entry that is not an IPv4 or
   * IPv6 address (empty, {@code unknown}, an obfuscated name), gives the peer's address. At most
   * {@code trustedHops} entries are looked at, however long the chain.
   */
  public static String clientAddress(
      HttpRequest request, InetSocketAddress peer, boolean peerTrusted, int trustedHops) {
    return clientAddress(request.headers(), addressOf(peer), peerTrusted, trustedHops);
  }

  /** {@code peer}'s IP address as text: IPv6 compressed, without brackets or scope. */
  public static String addressOf(InetSocketAddress peer) {
    InetAddress address = peer.getAddress();
    return address == null ? peer.getHostString() : NetUtil.toAddressString(address);
  }

  private static String clientAddress(
      HttpHeaders headers, String peerAddress, boolean peerTrusted, int trustedHops) {
    if (!peerTrusted || trustedHops <= 0 || !headers.contains(X_FORWARDED_FOR)) {
      return peerAddress;
    }
    List<String> lines = headers.getAll(X_FORWARDED_FOR);
    int remaining = trustedHops;
    String line = null;
    int entryStart = 0;
    int entryEnd = 0;
    for (int i = lines.size() - 1; i >= 0 && remaining > 0; i--) {
      line = lines.get(i);
      int end = line.length();
      while (remaining > 0) {
        int comma = line.lastIndexOf(',', end - 1);
        entryStart = comma + 1;
        entryEnd = end;
        remaining--;
        if (comma < 0) {
          break;
        }
        end = comma;
      }
    }
    String address = line == null ? null : ipLiteral(line, entryStart, entryEnd);
    return address == null ? peerAddress : address;
  }

  /**
   * The IP address in {@code s[start, end)} after trimming whitespace and dropping a port and
   * brackets, or null when there is none.
   */
  static String ipLiteral(String s, int start, int end) {
    while (start < end && isWhitespace(s.charAt(start))) {
      start++;
    }
    while (end > start && isWhitespace(s.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return null;
    }
    String entry = s.substring(start, end);
    if (entry.charAt(0) == '[') {
      int close = entry.indexOf(']');
      if (close < 0 || (close + 1 < entry.length() && !isPort(entry, close + 1))) {
        return null;
      }
      String v6 = entry.substring(1, close);
      return v6.indexOf('%') < 0 && NetUtil.isValidIpV6Address(v6) ? v6 : null;
    }
    int colon = entry.indexOf(':');
    if (colon >= 0 && entry.indexOf(':', colon + 1) < 0) {
      // one colon: IPv4 with a port
      if (!isPort(entry, colon)) {
        return null;
      }
      entry = entry.substring(0, colon);
    }
    if (NetUtil.isValidIpV4Address(entry)) {
      return entry;
    }
    return entry.indexOf(':') >= 0 && entry.indexOf('%') < 0 && NetUtil.isValidIpV6Address(entry)
        ? entry
        : null;
  }

  /** Whether {@code s} from {@code colon} to its end is {@code :} and 1 to 5 digits. */
  private static boolean isPort(String s, int colon) {
    int end = s.length();
    if (s.charAt(colon) != ':' || end - colon < 2 || end - colon > 6) {
      return false;
    }
    for (int i = colon + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static void removeHopByHop(HttpHeaders headers, boolean upgrade) {
    Iterator<String> connection = headers.valueStringIterator(HttpHeaderNames.CONNECTION);
    if (connection.hasNext()) {
      // Collect first: removing fields while iterating the map is not safe.
      String first = connection.next();
      List<String> more = null;
      while (connection.hasNext()) {
        if (more == null) {
          more = new ArrayList<>(2);
        }
        more.add(connection.next());
      }
      headers.remove(HttpHeaderNames.CONNECTION);
      removeNamed(headers, first, upgrade);
      if (more != null) {
        for (String value : more) {
          removeNamed(headers, value, upgrade);
        }
      }
    }
    headers.remove(HttpHeaderNames.KEEP_ALIVE);
    headers.remove(HttpHeaderNames.PROXY_CONNECTION);
    if (upgrade && headers.contains(HttpHeaderNames.UPGRADE)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else {
      headers.remove(HttpHeaderNames.UPGRADE);
    }
  }

  /** Removes the fields a Connection value names (a comma-separated list of field names). */
  private static void removeNamed(HttpHeaders headers, String value, boolean upgrade) {
    int i = 0;
    int length = value.length();
    while (i < length) {
      int comma = value.indexOf(',', i);
      int end = comma < 0 ? length : comma;
      int start = i;
      while (start < end && isWhitespace(value.charAt(start))) {
        start++;
      }
      int stop = end;
      while (stop > start && isWhitespace(value.charAt(stop - 1))) {
        stop--;
      }
      if (stop > start && !isKept(value, start, stop, upgrade)) {
        headers.remove(value.substring(start, stop));
      }
      i = end + 1;
    }
  }

  /**
   * Whether a name in Connection is left alone: the options that are not fields of their own
   * ({@code close}, {@code keep-alive}: removed anyway), the fields that frame the body or name the
   * host, and {@code Upgrade} during a protocol switch.
   */
  private static boolean isKept(String value, int start, int stop, boolean upgrade) {
    return is(value, start, stop, HttpHeaderValues.CLOSE)
        || is(value, start, stop, HttpHeaderValues.KEEP_ALIVE)
        || is(value, start, stop, HttpHeaderNames.CONTENT_LENGTH)
        || is(value, start, stop, HttpHeaderNames.TRANSFER_ENCODING)
        || is(value, start, stop, HttpHeaderNames.HOST)
        || (upgrade && is(value, start, stop, HttpHeaderNames.UPGRADE));
  }

  private static boolean is(String value, int start, int stop, AsciiString name) {
    return stop - start == name.length()
        && value.regionMatches(true, start, name.toString(), 0, name.length());
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  /** All lines of {@code name} joined with ", " in arrival order, or null when there is none. */
  private static String joined(HttpHeaders headers, AsciiString name) {
    Iterator<String> values = headers.valueStringIterator(name);
    if (!values.hasNext()) {
      return null;
    }
    String one = values.next();
    // The iterator runs newest first; only getAll gives arrival order.
    return values.hasNext() ? String.join(", ", headers.getAll(name)) : one;
  }
}
