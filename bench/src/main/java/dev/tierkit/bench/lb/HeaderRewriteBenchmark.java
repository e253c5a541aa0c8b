package dev.tierkit.bench.lb;

import dev.tierkit.common.http.HeaderRewriter;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
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
 * Question: what does {@link HeaderRewriter#forwardRequest} add to each proxied request? The
 * request is a browser's page load (17 header lines, {@code Connection: keep-alive}, a cookie),
 * either straight from the client ({@code direct}: forwarding fields replaced) or through a trusted
 * front ({@code fronted}: an X-Forwarded-For chain appended to, X-Forwarded-Proto and
 * X-Forwarded-Host kept, the client two hops from the right). The baseline {@code copyOnly} makes
 * the fresh request each rewrite needs (the rewrite works in place) and nothing else, so the
 * difference between the two is the rewrite's own cost.
 *
 * <p>Run: {@code bench/jmh HeaderRewriteBenchmark}; add {@code -prof gc} for bytes per operation,
 * which load on the machine cannot blur. On a busy machine the average is dominated by preemption;
 * {@code -bm sample -tu ns} and its median ({@code p0.50}) are steadier.
 *
 * <p>What could make the numbers lie: the header map is built by copying, so it is hot in cache and
 * laid out in one go, where a decoded request's map was filled while parsing and may be colder; the
 * peer address is formatted on every call (as the API takes an {@link InetSocketAddress}), which a
 * handler could do once per connection; the same headers repeat every call, so branch prediction
 * learns them. Each request is returned, so nothing is eliminated as dead code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class HeaderRewriteBenchmark {
  @Param({"direct", "fronted"})
  public String client;

  private final InetSocketAddress peer = new InetSocketAddress("198.51.100.7", 52144);
  private HttpHeaders template;
  private boolean trusted;

  @Setup
  public void setUp() {
    template = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    template
        .add("Host", "www.example.com")
        .add("Connection", "keep-alive")
        .add("sec-ch-ua", "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"")
        .add("sec-ch-ua-mobile", "?0")
        .add("sec-ch-ua-platform", "\"Linux\"")
        .add("Upgrade-Insecure-Requests", "1")
        .add(
            "User-Agent",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36")
        .add(
            "Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                + "*/*;q=0.8")
        .add("Sec-Fetch-Site", "none")
        .add("Sec-Fetch-Mode", "navigate")
        .add("Sec-Fetch-User", "?1")
        .add("Sec-Fetch-Dest", "document")
        .add("Accept-Encoding", "gzip, deflate, br, zstd")
        .add("Accept-Language", "en-US,en;q=0.9")
        .add("Cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark; consent=1")
        .add("If-None-Match", "\"5e8c1c-1a2b\"")
        .add("Priority", "u=0, i");
    trusted = client.equals("fronted");
    if (trusted) {
      template
          .add("X-Forwarded-For", "203.0.113.50, 10.1.2.3")
          .add("X-Forwarded-Proto", "https")
          .add("X-Forwarded-Host", "www.example.com");
    }
  }

  private HttpRequest fresh() {
    return new DefaultHttpRequest(
        HttpVersion.HTTP_1_1, HttpMethod.GET, "/products/42?ref=home", template.copy());
  }

  @Benchmark
  public HttpRequest copyOnly() {
    return fresh();
  }

  @Benchmark
  public HttpRequest forwardRequest() {
    HttpRequest request = fresh();
    HeaderRewriter.forwardRequest(request, peer, trusted, 2, true, false);
    return request;
  }
}
