package dev.tierkit.cdn.http;

import dev.tierkit.cdn.policy.ByteRanges;
import dev.tierkit.cdn.store.CachedObject;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Response heads the edge sends: a stored object's headers with its current {@code Age}, the {@code
 * X-Cache} and RFC 9211 {@code Cache-Status} verdicts and {@code Via}; 304s and 416s from cache;
 * and the parts of a {@code multipart/byteranges} body.
 */
final class Responses {
  static final AsciiString X_CACHE = AsciiString.cached("x-cache");
  static final AsciiString CACHE_STATUS = AsciiString.cached("cache-status");

  /** Headers a 304 from cache carries over from the stored response (RFC 9110 §15.4.5). */
  private static final AsciiString[] NOT_MODIFIED_FIELDS = {
    HttpHeaderNames.CACHE_CONTROL,
    HttpHeaderNames.CONTENT_LOCATION,
    HttpHeaderNames.DATE,
    HttpHeaderNames.ETAG,
    HttpHeaderNames.EXPIRES,
    HttpHeaderNames.LAST_MODIFIED,
    HttpHeaderNames.VARY,
    AsciiString.cached("cdn-cache-control")
  };

  private Responses() {}

  /** The head for serving {@code o} whole at {@code nowMillis}. */
  static HttpResponse object(
      EdgeContext edge, CachedObject o, long nowMillis, String xCache, String cacheStatus) {
    HttpHeaders headers = new DefaultHttpHeaders(false);
    headers.set(o.headers());
    decorate(edge, headers, o, nowMillis, xCache, cacheStatus);
    return new DefaultHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(o.status()), headers);
  }

  /** A 304 answering a client's conditional from {@code o}. */
  static HttpResponse notModified(
      EdgeContext edge, CachedObject o, long nowMillis, String xCache, String cacheStatus) {
    HttpHeaders headers = notModifiedFields(o.headers());
    decorate(edge, headers, o, nowMillis, xCache, cacheStatus);
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, headers);
  }

  /** The fields of {@code full} that a 304 standing for it carries (RFC 9110 §15.4.5). */
  static HttpHeaders notModifiedFields(HttpHeaders full) {
    HttpHeaders headers = new DefaultHttpHeaders(false);
    for (AsciiString name : NOT_MODIFIED_FIELDS) {
      List<String> values = full.getAll(name);
      if (!values.isEmpty()) {
        headers.set(name, values);
      }
    }
    return headers;
  }

  /** Age, X-Cache, Cache-Status and Via on a head built from a stored object. */
  static void decorate(
      EdgeContext edge,
      HttpHeaders headers,
      CachedObject o,
      long nowMillis,
      String xCache,
      String cacheStatus) {
    headers.set(HttpHeaderNames.AGE, o.ageMillis(nowMillis) / 1000);
    verdict(edge, headers, xCache, cacheStatus);
  }

  /** X-Cache, Cache-Status and Via. */
  static void verdict(EdgeContext edge, HttpHeaders headers, String xCache, String cacheStatus) {
    headers.set(X_CACHE, xCache);
    String previous = headers.get(CACHE_STATUS);
    String mine = edge.config.viaName() + "; " + cacheStatus;
    // RFC 9211 §2: caches nearer the origin come first, so this edge's entry goes last.
    headers.set(CACHE_STATUS, previous == null ? mine : previous + ", " + mine);
    Fetch.addVia(edge, headers);
  }

  /** Cache-Status parameters for a hit: {@code hit; ttl=N} (negative when served stale). */
  static String hit(CachedObject o, long nowMillis) {
    long ttl = (o.lifetime().freshMillis() - o.ageMillis(nowMillis)) / 1000;
    return "hit; ttl=" + ttl;
  }

  /** A 416 for a range that does not fit the object (RFC 9110 §15.5.17). */
  static HttpResponse rangeNotSatisfiable(
      EdgeContext edge, CachedObject o, long nowMillis, String xCache) {
    HttpHeaders headers = new DefaultHttpHeaders(false);
    headers.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + o.body().length());
    headers.set(HttpHeaderNames.CONTENT_LENGTH, 0);
    decorate(edge, headers, o, nowMillis, xCache, hit(o, nowMillis));
    return new DefaultHttpResponse(
        HttpVersion.HTTP_1_1, HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, headers);
  }

  /** A random boundary for a multipart/byteranges body: 24 hex digits, never in the content. */
  static String boundary() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return String.format("%016x%08x", r.nextLong(), r.nextInt());
  }

  /**
   * The pieces of a {@code multipart/byteranges} body (RFC 9110 §14.6): for each range, the
   * delimiter and part headers as a buffer, then the range itself as a {@code long[] {from, to}}
   * (end exclusive), then the closing delimiter.
   */
  static List<Object> multipart(
      List<ByteRanges.Range> ranges, long length, String contentType, String boundary) {
    List<Object> parts = new ArrayList<>();
    boolean first = true;
    for (ByteRanges.Range r : ranges) {
      StringBuilder h = new StringBuilder();
      h.append(first ? "" : "\r\n").append("--").append(boundary).append("\r\n");
      if (contentType != null) {
        h.append("Content-Type: ").append(contentType).append("\r\n");
      }
      h.append("Content-Range: ").append(ByteRanges.contentRange(r, length)).append("\r\n\r\n");
      parts.add(ascii(h));
      parts.add(new long[] {r.first(), r.last() + 1});
      first = false;
    }
    parts.add(ascii(new StringBuilder("\r\n--").append(boundary).append("--\r\n")));
    return parts;
  }

  /** The total length of {@link #multipart}'s pieces. */
  static long multipartLength(List<Object> parts) {
    long n = 0;
    for (Object p : parts) {
      n += p instanceof ByteBuf ? ((ByteBuf) p).readableBytes() : ((long[]) p)[1] - ((long[]) p)[0];
    }
    return n;
  }

  private static ByteBuf ascii(CharSequence s) {
    return Unpooled.wrappedBuffer(s.toString().getBytes(StandardCharsets.US_ASCII));
  }
}
