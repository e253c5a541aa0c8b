package dev.tierkit.lb.tcp;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
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
import dev.tierkit.lb.config.Timeouts;
import dev.tierkit.lb.log.AccessLog;
import dev.tierkit.lb.log.AccessLogEntry;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A runtime with one TCP frontend bound on 127.0.0.1 port 0, built from test settings. */
final class Relay implements AutoCloseable {
  static final String FRONTEND = "front";

  final MetricRegistry metrics = new MetricRegistry();
  final DaemonRuntime runtime;
  final Pool pool;
  final Listener listener;
  final ClientLimiter limiter;
  final RetryBudget budget = new RetryBudget(0.2, 3);

  private Relay(Builder b) {
    PoolConfig poolConfig =
        new PoolConfig(
            "p",
            Algorithm.ROUND_ROBIN,
            HashKey.SOURCE,
            null,
            b.backends,
            HealthCheckConfig.NONE,
            5,
            Duration.ofSeconds(30),
            b.maxConnectionsPerBackend,
            b.queueSize,
            b.queueTimeout,
            b.retries,
            0.2,
            b.sendProxyV2,
            100,
            1.25);
    List<Backend> backends = new ArrayList<>();
    for (BackendConfig c : b.backends) {
      backends.add(new Backend(c.host(), c.port(), c.weight(), b.maxConnectionsPerBackend));
    }
    pool = new Pool("p", Algorithm.ROUND_ROBIN, backends);
    Timeouts timeouts =
        new Timeouts(
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            b.idle,
            Duration.ofMinutes(5),
            Duration.ofSeconds(60));
    FrontendConfig frontend =
        new FrontendConfig(
            FRONTEND,
            Mode.TCP,
            new InetSocketAddress("127.0.0.1", 0),
            "p",
            List.of(),
            null,
            b.acceptProxy,
            b.trustedProxies,
            0,
            b.maxConnectionsPerClient,
            0,
            timeouts,
            null);
    Routing routing =
        Routing.of(frontend, Map.of("p", new Upstream(pool, poolConfig, new RetryBudget(0.2, 3))));
    runtime =
        DaemonRuntime.start(
            new RuntimeConfig(
                TransportChoice.valueOf(b.transport.name()), 2, Duration.ofSeconds(1), 1000),
            metrics);
    limiter = new ClientLimiter(b.maxConnectionsPerClient);
    FrontendContext context =
        new FrontendContext(runtime, () -> routing, b.accessLog, metrics, limiter, b.tls);
    listener = runtime.bindTcp(FRONTEND, frontend.bind(), new TcpFrontendInitializer(context));
  }

  static Builder on(Transport transport) {
    return new Builder(transport);
  }

  int port() {
    return listener.port();
  }

  /** The value of counter {@code name} for this frontend (with {@code extraLabels} appended). */
  long counter(String name, String extraLabels) {
    String series = name + "{frontend=\"" + FRONTEND + "\"" + extraLabels + "} ";
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith(series)) {
        return (long) Double.parseDouble(line.substring(series.length()).trim());
      }
    }
    throw new AssertionError("no series " + series + " in\n" + metrics.scrape());
  }

  @Override
  public void close() {
    runtime.close();
  }

  /** An access log that keeps entries in memory. */
  static final class Entries implements AccessLog {
    final ConcurrentLinkedQueue<AccessLogEntry> entries = new ConcurrentLinkedQueue<>();

    @Override
    public void log(AccessLogEntry entry) {
      entries.add(entry);
    }

    @Override
    public void close() {}
  }

  static final class Builder {
    private final Transport transport;
    private List<BackendConfig> backends = List.of();
    private boolean sendProxyV2;
    private int retries = 2;
    private int maxConnectionsPerBackend;
    private int queueSize = 1000;
    private Duration queueTimeout = Duration.ofSeconds(5);
    private boolean acceptProxy;
    private List<String> trustedProxies = List.of();
    private int maxConnectionsPerClient;
    private Duration idle = Duration.ofSeconds(30);
    private AccessLog accessLog = AccessLog.NONE;
    private Mapping<String, SslContext> tls;

    private Builder(Transport transport) {
      this.transport = transport;
    }

    Builder backends(BackendConfig... configs) {
      this.backends = List.of(configs);
      return this;
    }

    Builder sendProxyV2() {
      this.sendProxyV2 = true;
      return this;
    }

    Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    Builder maxConnectionsPerBackend(int max, int queueSize, Duration queueTimeout) {
      this.maxConnectionsPerBackend = max;
      this.queueSize = queueSize;
      this.queueTimeout = queueTimeout;
      return this;
    }

    Builder acceptProxyFrom(String... cidrs) {
      this.acceptProxy = true;
      this.trustedProxies = List.of(cidrs);
      return this;
    }

    Builder maxConnectionsPerClient(int max) {
      this.maxConnectionsPerClient = max;
      return this;
    }

    Builder idle(Duration idle) {
      this.idle = idle;
      return this;
    }

    Builder accessLog(AccessLog log) {
      this.accessLog = log;
      return this;
    }

    Builder tls(Mapping<String, SslContext> tls) {
      this.tls = tls;
      return this;
    }

    Relay start() {
      return new Relay(this);
    }
  }
}
