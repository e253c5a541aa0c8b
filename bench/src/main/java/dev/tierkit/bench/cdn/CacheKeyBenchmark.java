package dev.tierkit.bench.cdn;

import dev.tierkit.cdn.policy.CacheKeys;
import dev.tierkit.cdn.policy.KeyPolicy;
import dev.tierkit.cdn.policy.RequestTarget;
import java.util.Set;
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
 * Question: what does building a request's cache key with {@link CacheKeys#target} cost, for the
 * request targets an edge sees? Three targets: {@code short} ({@code /favicon.ico}, default
 * policy), {@code longQuery} (a 90-character image path with a 4-parameter resize query, default
 * policy: the query is kept as sent) and {@code utmSorted} (a page URL with 7 parameters, 4 of them
 * {@code utm_*} and one {@code fbclid}, under a policy that ignores {@code utm_*}, {@code fbclid}
 * and {@code gclid} and sorts what is left). The Host header is {@code www.example.com:80} so the
 * default port is stripped each time. The baseline {@code concatenation} is the key with no
 * normalisation at all, {@code scheme + "://" + host + uri}: the floor of any key that is one
 * string, so the difference is what normalisation and the query policy cost.
 *
 * <p>Run: {@code bench/jmh CacheKeyBenchmark}; add {@code -prof gc} for bytes per key, which a busy
 * machine cannot blur.
 *
 * <p>What could make the numbers lie: the same target repeats every call, so branch prediction
 * learns its shape and its characters stay in L1, where an edge parses a fresh string per request
 * (decoded by Netty just before, so usually still warm); the host is already lower case, so {@code
 * toLowerCase} returns its argument without copying, as it does for nearly every real Host header;
 * {@link CacheKeys#target} also returns the host, path and query as separate strings, which the
 * baseline does not make, and that is part of the work an edge needs (purges match host and path).
 * The result is returned, so nothing is eliminated as dead code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CacheKeyBenchmark {
  @Param({"short", "longQuery", "utmSorted"})
  public String target;

  private String scheme;
  private String host;
  private String uri;
  private CacheKeys keys;

  @Setup
  public void setUp() {
    scheme = "http";
    host = "www.example.com:80";
    switch (target) {
      case "short":
        uri = "/favicon.ico";
        keys = new CacheKeys(KeyPolicy.DEFAULT);
        break;
      case "longQuery":
        uri =
            "/media/catalog/product/cache/1/image/9df78eab33525d08d6e5fb8d27136e95/s/h/shoe-red-42.jpg"
                + "?width=640&height=480&fit=crop&format=webp";
        keys = new CacheKeys(KeyPolicy.DEFAULT);
        break;
      case "utmSorted":
        uri =
            "/blog/2026/11/how-we-cache?utm_source=newsletter&utm_medium=email&page=2"
                + "&utm_campaign=winter-sale&fbclid=IwAR2xYz0abcDEF&utm_content=hero&lang=en";
        keys = new CacheKeys(new KeyPolicy(true, Set.of("utm_*", "fbclid", "gclid")));
        break;
      default:
        throw new IllegalArgumentException("unknown target " + target);
    }
  }

  @Benchmark
  public RequestTarget cacheKey() {
    return keys.target(scheme, host, uri);
  }

  @Benchmark
  public String concatenation() {
    return scheme + "://" + host + uri;
  }
}
