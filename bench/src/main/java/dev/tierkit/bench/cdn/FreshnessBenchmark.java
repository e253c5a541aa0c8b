package dev.tierkit.bench.cdn;

import dev.tierkit.cdn.policy.CacheControl;
import dev.tierkit.cdn.policy.Freshness;
import dev.tierkit.cdn.policy.TtlPolicy;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Question: what does deciding whether an origin response may be stored, and for how long, cost per
 * miss? {@code decide} runs {@link Freshness#decide} on a browser's GET and one of three typical
 * 200 responses: {@code cache-control} ({@code Cache-Control: public, max-age=3600,
 * stale-while-revalidate=60, stale-if-error=86400} with ETag, Last-Modified, Date and Vary:
 * Accept-Encoding), {@code cdn-cache-control} (the browser gets {@code Cache-Control: max-age=60},
 * the edge {@code CDN-Cache-Control: max-age=86400, stale-while-revalidate=300}, RFC 9213) and
 * {@code expires} (no Cache-Control: Expires, Date and Last-Modified only, as old origins send).
 * {@code parseCacheControl} is {@link CacheControl#parse(HttpHeaders, CharSequence)} of the
 * response's Cache-Control alone (for {@code expires} that is a failed lookup, as in the edge). The
 * baseline {@code headerGet} is {@link HttpHeaders#get(CharSequence)} of the same field: the floor
 * of looking at the header at all, so {@code parseCacheControl - headerGet} is the parser's cost
 * and {@code decide - parseCacheControl} the rest of the decision.
 *
 * <p>Run: {@code bench/jmh FreshnessBenchmark}.
 *
 * <p>What could make the numbers lie: the same headers are decided every call, so branch prediction
 * learns them and they stay in L1; the two HTTP-dates (Date, and Expires or Last-Modified when
 * read) are parsed by Netty's thread-local date parser, which is warm here; the header maps are
 * Netty's {@code DefaultHttpHeaders}, as the decoder makes them, with 8 to 9 response fields and 6
 * request fields, so lookups probe a small hash table. {@code decide} runs the Vary parse too,
 * which only Vary-bearing responses pay. Results are returned, so nothing is eliminated as dead
 * code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FreshnessBenchmark {
  private static final long NOW = 1_764_600_000_000L; // Mon, 01 Dec 2025 14:40:00 GMT
  private static final String DATE = "Mon, 01 Dec 2025 14:40:00 GMT";

  @Param({"cache-control", "cdn-cache-control", "expires"})
  public String response;

  private HttpHeaders request;
  private HttpHeaders headers;
  private final TtlPolicy ttl = TtlPolicy.DEFAULTS;

  @Setup
  public void setUp() {
    request = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    request
        .add("host", "www.example.com")
        .add("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36")
        .add("accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        .add("accept-encoding", "gzip, deflate, br, zstd")
        .add("accept-language", "en-GB,en;q=0.9")
        .add("x-forwarded-for", "198.51.100.7");
    headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    headers
        .add("content-type", "text/html; charset=utf-8")
        .add("content-length", "18342")
        .add("date", DATE)
        .add("server", "nginx");
    switch (response) {
      case "cache-control":
        headers
            .add(
                "cache-control",
                "public, max-age=3600, stale-while-revalidate=60, stale-if-error=86400")
            .add("etag", "\"47a6-62c1f0e4b2d80\"")
            .add("last-modified", "Sun, 30 Nov 2025 09:12:44 GMT")
            .add("vary", "Accept-Encoding");
        break;
      case "cdn-cache-control":
        headers
            .add("cache-control", "max-age=60")
            .add("cdn-cache-control", "max-age=86400, stale-while-revalidate=300")
            .add("etag", "W/\"47a6-62c1f0e4b2d80\"")
            .add("last-modified", "Sun, 30 Nov 2025 09:12:44 GMT")
            .add("vary", "Accept-Encoding");
        break;
      case "expires":
        headers
            .add("expires", "Mon, 01 Dec 2025 15:40:00 GMT")
            .add("last-modified", "Sun, 30 Nov 2025 09:12:44 GMT");
        break;
      default:
        throw new IllegalArgumentException("unknown response " + response);
    }
    Freshness.Decision d = decide();
    if (!d.storable() || d.lifetime().freshMillis() <= 0) {
      throw new IllegalStateException(response + " response not stored: " + d);
    }
  }

  @Benchmark
  public Freshness.Decision decide() {
    return Freshness.decide("GET", request, 200, headers, NOW - 35, NOW - 3, ttl);
  }

  @Benchmark
  public CacheControl parseCacheControl() {
    return CacheControl.parse(headers, HttpHeaderNames.CACHE_CONTROL);
  }

  @Benchmark
  public String headerGet() {
    return headers.get(HttpHeaderNames.CACHE_CONTROL);
  }
}
