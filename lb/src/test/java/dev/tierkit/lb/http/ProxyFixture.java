package dev.tierkit.lb.http;

import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import dev.tierkit.lb.ClientLimiter;
import dev.tierkit.lb.FrontendContext;
import dev.tierkit.lb.Routing;
import dev.tierkit.lb.Upstream;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.Pool;
import dev.tierkit.lb.balance.RetryBudget;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.HashKey;
import dev.tierkit.lb.config.HealthCheckConfig;
import dev.tierkit.lb.config.Mode;
import dev.tierkit.lb.config.PoolConfig;
import dev.tierkit.lb.config.RouteConfig;
import dev.tierkit.lb.config.Timeouts;
import dev.tierkit.lb.log.AccessLog;
import dev.tierkit.lb.log.AccessLogEntry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A running HTTP frontend for tests: a real {@link DaemonRuntime} with the proxy bound on 127.0.0.1
 * port 0, pools of real backend ports, and an access log that keeps every entry.
 */
final class ProxyFixture implements AutoCloseable {
  final DaemonRuntime runtime;
  final MetricRegistry metrics = new MetricRegistry();
  final ConcurrentLinkedQueue<AccessLogEntry> log = new ConcurrentLinkedQueue<>();
  final Map<String, Upstream> upstreams;
  final int port;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private ProxyFixture(Builder b) {
    runtime =
        DaemonRuntime.start(
            new RuntimeConfig(
                TransportChoice.valueOf(b.transport.name()), 2, Duration.ofSeconds(2), 1000),
            metrics);
    upstreams = new LinkedHashMap<>();
    for (Map.Entry<String, List<Integer>> e : b.pools.entrySet()) {
      List<BackendConfig> configs = new ArrayList<>();
      List<Backend> backends = new ArrayList<>();
      for (int p : e.getValue()) {
        configs.add(new BackendConfig("127.0.0.1", p, 1, 0));
        backends.add(new Backend("127.0.0.1", p, 1, b.maxConnections));
      }
      PoolConfig config =
          new PoolConfig(
              e.getKey(),
              Algorithm.ROUND_ROBIN,
              HashKey.SOURCE,
              b.stickyCookie,
              configs,
              HealthCheckConfig.NONE,
              b.ejectAfter,
              Duration.ofSeconds(30),
              b.maxConnections,
              b.queueSize,
              b.queueTimeout,
              b.retries,
              0.2,
              false,
              100,
              1.25);
      upstreams.put(
          e.getKey(),
          new Upstream(
              new Pool(e.getKey(), Algorithm.ROUND_ROBIN, backends),
              config,
              new RetryBudget(0.2, 3)));
    }
    FrontendConfig frontend =
        new FrontendConfig(
            "web",
            Mode.HTTP,
            new InetSocketAddress("127.0.0.1", 0),
            b.pools.keySet().iterator().next(),
            b.routes,
            null,
            false,
            List.of(),
            0,
            0,
            0,
            b.timeouts,
            b.limits);
    Routing routing = Routing.of(frontend, upstreams);
    AccessLog accessLog =
        new AccessLog() {
          @Override
          public void log(AccessLogEntry entry) {
            log.add(entry);
          }

          @Override
          public void close() {}
        };
    FrontendContext ctx =
        new FrontendContext(
            runtime, () -> routing, accessLog, metrics, new ClientLimiter(b.perClient), b.tls);
    port = runtime.bindTcp("web", frontend.bind(), new HttpFrontendInitializer(ctx)).port();
  }

  static Builder builder() {
    return new Builder();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request builder with a bound on how long the test waits for the answer. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(8));
  }

  Backend backend(String pool, int port) {
    return upstreams.get(pool).pool().find("127.0.0.1:" + port).orElseThrow();
  }

  @Override
  public void close() {
    runtime.close();
  }

  static final class Builder {
    private Transport transport = Transport.best();
    private final Map<String, List<Integer>> pools = new LinkedHashMap<>();
    private List<RouteConfig> routes = List.of();
    private Timeouts timeouts = Timeouts.DEFAULTS;
    private HttpLimits limits = HttpLimits.DEFAULTS;
    private String stickyCookie;
    private int retries = 2;
    private int perClient;
    private io.netty.util.Mapping<String, io.netty.handler.ssl.SslContext> tls;
    private int ejectAfter = 5;
    private int maxConnections;
    private int queueSize = 1000;
    private Duration queueTimeout = Duration.ofSeconds(5);

    Builder transport(Transport t) {
      transport = t;
      return this;
    }

    /** A pool; the first one added is the frontend's default. */
    Builder pool(String name, TestBackend... backends) {
      List<Integer> ports = new ArrayList<>();
      for (TestBackend b : backends) {
        ports.add(b.port());
      }
      pools.put(name, ports);
      return this;
    }

    Builder poolOfPorts(String name, Integer... ports) {
      pools.put(name, List.of(ports));
      return this;
    }

    Builder routes(RouteConfig... r) {
      routes = List.of(r);
      return this;
    }

    Builder timeouts(Timeouts t) {
      timeouts = t;
      return this;
    }

    Builder limits(HttpLimits l) {
      limits = l;
      return this;
    }

    Builder stickyCookie(String name) {
      stickyCookie = name;
      return this;
    }

    Builder tls(io.netty.util.Mapping<String, io.netty.handler.ssl.SslContext> contexts) {
      tls = contexts;
      return this;
    }

    Builder connectionsPerClient(int n) {
      perClient = n;
      return this;
    }

    Builder retries(int n) {
      retries = n;
      return this;
    }

    Builder ejectAfter(int n) {
      ejectAfter = n;
      return this;
    }

    Builder maxConnections(int n, int queue, Duration wait) {
      maxConnections = n;
      queueSize = queue;
      queueTimeout = wait;
      return this;
    }

    ProxyFixture start() {
      return new ProxyFixture(this);
    }
  }
}
