package dev.tierkit.cdn;

import dev.tierkit.cdn.origin.HealthCheck;
import dev.tierkit.cdn.origin.OriginAddress;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.policy.KeyPolicy;
import dev.tierkit.cdn.policy.TtlPolicy;
import dev.tierkit.cdn.store.StoreConfig;
import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.net.AddressList;
import dev.tierkit.common.runtime.RuntimeConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A running edge for a test: cdn-edge started the way its command starts it (runtime, admin
 * endpoint on a free loopback port, the edge on 127.0.0.1 port 0), in front of the given origins,
 * with a clock the test moves.
 */
final class EdgeFixture implements AutoCloseable {
  /** The test's clock: starts at the real time, moves only when told to. */
  static final class Clock {
    final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    long get() {
      return now.get();
    }

    void advance(Duration d) {
      now.addAndGet(d.toMillis());
    }
  }

  final RunningDaemon daemon;
  final CdnConfig config;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private EdgeFixture(CdnConfig config, Clock clock) {
    this.config = config;
    try {
      this.daemon =
          new DaemonLauncher("cdn-edge", RuntimeConfig.defaults(2), AdminConfig.loopbackAnyPort())
              .start(ctx -> CdnServer.start(ctx, config, clock::get));
    } catch (Exception e) {
      throw new IllegalStateException("cdn-edge did not start: " + e.getMessage(), e);
    }
  }

  /** The default configuration in front of {@code origins}, as the command builds it. */
  static CdnConfig config(List<String> origins, Path diskDir) {
    List<OriginAddress> addresses = new ArrayList<>();
    origins.forEach(o -> addresses.add(OriginAddress.parse(o)));
    return new CdnConfig(
        new InetSocketAddress("127.0.0.1", 0),
        addresses,
        OriginSet.Balance.FAILOVER,
        null,
        new HealthCheck("/", Duration.ZERO, Duration.ofSeconds(1), 2, 3),
        TtlPolicy.DEFAULTS,
        KeyPolicy.DEFAULT,
        new StoreConfig(64L << 20, diskDir, 256L << 20, 32L << 20, 600_000),
        HttpLimits.DEFAULTS,
        AddressList.parse("--purge-allow", List.of("127.0.0.0/8", "::1/128")),
        Optional.empty(),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        Duration.ofSeconds(120),
        16,
        65536,
        "tierkit-cdn-edge");
  }

  /** {@code c} listening on {@code address}. */
  static CdnConfig withAddress(CdnConfig c, InetSocketAddress address) {
    return new CdnConfig(
        address,
        c.origins(),
        c.balance(),
        c.originHostHeader(),
        c.health(),
        c.ttl(),
        c.keys(),
        c.store(),
        c.limits(),
        c.purgeAllow(),
        c.purgeToken(),
        c.connectTimeout(),
        c.originTimeout(),
        c.clientIdleTimeout(),
        c.coalesceWait(),
        c.hitForPass(),
        c.maxRanges(),
        c.maxOriginHeaderBytes(),
        c.viaName());
  }

  static EdgeFixture start(TestOrigin origin, Clock clock) {
    return start(config(List.of(origin.url()), null), clock);
  }

  static EdgeFixture start(TestOrigin origin, Clock clock, UnaryOperator<CdnConfig> tweak) {
    return start(tweak.apply(config(List.of(origin.url()), null)), clock);
  }

  static EdgeFixture start(CdnConfig config, Clock clock) {
    return new EdgeFixture(config, clock);
  }

  int port() {
    return daemon.listener(CdnServer.LISTENER).port();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + daemon.admin().orElseThrow().port() + path);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = request(path);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> adminPost(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(admin(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static Set<String> none() {
    return Set.of();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
