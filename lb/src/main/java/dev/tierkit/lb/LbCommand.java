package dev.tierkit.lb;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.config.YamlConfigLoader;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.TransportChoice;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.HashKey;
import dev.tierkit.lb.config.HealthCheckConfig;
import dev.tierkit.lb.config.LbConfig;
import dev.tierkit.lb.config.LbFileConfig;
import dev.tierkit.lb.config.Mode;
import dev.tierkit.lb.config.PoolConfig;
import dev.tierkit.lb.config.Timeouts;
import dev.tierkit.lb.config.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierkit lb}: an L4/L7 load balancer. Simple setups come from flags alone (one frontend on
 * {@code --bind}/{@code --port}, one pool of {@code --backend}s); anything with several frontends,
 * pools or routes comes from {@code --config} YAML, whose first frontend and its default pool the
 * flags then override.
 */
@Command(
    name = "lb",
    mixinStandardHelpOptions = true,
    versionProvider = LbVersion.class,
    defaultValueProvider = LbDefaults.class,
    sortOptions = false,
    description = {
      "An L4 (TCP) and L7 (HTTP/1.1) load balancer with health checks, retries, failover and"
          + " runtime control of its backends.",
      ""
    })
public final class LbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(
      names = "--mode",
      paramLabel = "http|tcp",
      defaultValue = "http",
      description = "HTTP/1.1 reverse proxy or TCP relay (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(
      names = {"-b", "--backend"},
      paramLabel = "HOST:PORT[=WEIGHT]",
      description = "A backend of the pool; repeat for several. Weight 0-256, default 1.")
  List<String> backends = new ArrayList<>();

  @Option(
      names = {"-a", "--algorithm"},
      paramLabel = "NAME",
      defaultValue = "round-robin",
      description =
          "round-robin, weighted-round-robin, least-connections, power-of-two or consistent-hash"
              + " (default: ${DEFAULT-VALUE}).")
  String algorithm;

  @Option(
      names = "--hash-key",
      paramLabel = "KEY",
      defaultValue = "source",
      description =
          "What consistent-hash hashes: source, header:NAME or cookie:NAME (default:"
              + " ${DEFAULT-VALUE}).")
  String hashKey;

  @Option(
      names = "--sticky-cookie",
      paramLabel = "NAME",
      description = "Cookie stickiness in insert mode, with this cookie name (default: off).")
  String stickyCookie;

  @Option(
      names = "--health-check",
      paramLabel = "none|tcp|http[:PATH]",
      defaultValue = "none",
      description = "Active health check of each backend (default: ${DEFAULT-VALUE}).")
  String healthCheck;

  @Option(
      names = "--check-interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between health checks of one backend (default: ${DEFAULT-VALUE}).")
  Duration checkInterval;

  @Option(
      names = "--rise",
      paramLabel = "N",
      defaultValue = "2",
      description = "Passing checks that bring a backend up (default: ${DEFAULT-VALUE}).")
  int rise;

  @Option(
      names = "--fall",
      paramLabel = "N",
      defaultValue = "3",
      description = "Failing checks that take a backend down (default: ${DEFAULT-VALUE}).")
  int fall;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "Attempts on other backends after a connect failure (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--retry-budget",
      paramLabel = "SHARE",
      defaultValue = "0.5",
      description =
          "Share of active requests that may be being retried at once, at least 3 (default:"
              + " ${DEFAULT-VALUE}).")
  double retryBudget;

  @Option(
      names = "--max-connections-per-backend",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Concurrent connections (tcp) or requests (http) per backend; more wait in a bounded"
              + " queue (default: ${DEFAULT-VALUE} = no limit).")
  int maxConnectionsPerBackend;

  @Option(
      names = "--max-connections-per-client",
      paramLabel = "N",
      defaultValue = "0",
      description = "Concurrent connections per client address (default: ${DEFAULT-VALUE} = off).")
  int maxConnectionsPerClient;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Backend connect timeout (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--client-header-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Time a client has to send complete headers (default: ${DEFAULT-VALUE}).")
  Duration clientHeaderTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Close connections idle this long (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Longest whole request and response (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--backend-response-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Time a backend has to start its response; then 504 (default: ${DEFAULT-VALUE}).")
  Duration backendResponseTimeout;

  @Option(
      names = "--max-request-line",
      paramLabel = "BYTES",
      defaultValue = "8192",
      description = "Longest request line; beyond it 414 (default: ${DEFAULT-VALUE}).")
  int maxRequestLine;

  @Option(
      names = "--max-header-size",
      paramLabel = "BYTES",
      defaultValue = "16384",
      description = "Largest request header section; beyond it 431 (default: ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  @Option(
      names = "--max-body-size",
      paramLabel = "BYTES",
      defaultValue = "67108864",
      description =
          "Largest request body; beyond it 413 (default: ${DEFAULT-VALUE}; 0 = no limit).")
  long maxBodySize;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "PEM certificate chain: terminate TLS on the frontend (with --tls-key).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM PKCS#8 private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--trusted-proxy",
      paramLabel = "CIDR",
      description =
          "A front whose X-Forwarded-For (with --trusted-hops) and PROXY headers (with"
              + " --accept-proxy) are believed; repeat for several (default: none).")
  List<String> trustedProxies = new ArrayList<>();

  @Option(
      names = "--trusted-hops",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "X-Forwarded-For entries from a trusted proxy taken as the client (default:"
              + " ${DEFAULT-VALUE}).")
  int trustedHops;

  @Option(
      names = "--accept-proxy",
      description = "Trusted proxies must open with a PROXY protocol v1/v2 header.")
  boolean acceptProxy;

  @Option(
      names = "--send-proxy-v2",
      description = "Open each backend connection with a PROXY protocol v2 header (tcp mode).")
  boolean sendProxyV2;

  @Option(
      names = "--access-log",
      paramLabel = "FILE",
      description = "Write one line per request (http) or connection (tcp) here; - = stdout.")
  Path accessLog;

  @Override
  public Integer call() throws Exception {
    common.logLevel().apply();
    LbConfig config = config();
    DaemonLauncher launcher = new DaemonLauncher("lb", runtimeConfig(), common.adminConfig());
    return launcher.run(context -> LbServer.start(context, config, this::config));
  }

  /**
   * The common runtime settings, except that {@code --transport auto} prefers epoll to io_uring:
   * relaying through Netty's io_uring transport cost lb about 10% more CPU per request than epoll
   * in alternating wrk runs on loopback (README), so auto takes the cheaper one for this daemon.
   */
  RuntimeConfig runtimeConfig() {
    return common.runtimeConfig().preferringWhenAuto(TransportChoice.EPOLL);
  }

  /**
   * The configuration from the flags, or from {@code --config} with the flags given on the command
   * line overriding its first frontend and that frontend's pool. Called again on every reload.
   *
   * @throws ConfigException naming the option, or the file, line and field at fault
   */
  LbConfig config() {
    try {
      if (common.configFile().isPresent()) {
        Path file = common.configFile().get();
        LbFileConfig fileConfig = new YamlConfigLoader().load(file, LbFileConfig.class);
        Path dir = file.toAbsolutePath().getParent();
        try {
          return overrideFirst(fileConfig.toConfig(dir));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(file + ": " + e.getMessage(), e);
        }
      }
      return fromFlags();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private LbConfig fromFlags() {
    if (backends.isEmpty()) {
      throw new IllegalArgumentException(
          "no backends: give --backend HOST:PORT (repeat for several) or --config FILE");
    }
    List<BackendConfig> parsed = new ArrayList<>();
    for (String b : backends) {
      parsed.add(BackendConfig.parse(b));
    }
    PoolConfig pool = poolFromFlags(PoolConfig.of("default", Algorithm.ROUND_ROBIN, parsed), true);
    FrontendConfig frontend =
        frontendFromFlags(
            new FrontendConfig(
                "default",
                Mode.HTTP,
                common.bindAddress(),
                "default",
                List.of(),
                null,
                false,
                List.of(),
                0,
                0,
                0,
                Timeouts.DEFAULTS,
                HttpLimits.DEFAULTS),
            true);
    return new LbConfig(List.of(frontend), Map.of("default", pool), accessLog);
  }

  private LbConfig overrideFirst(LbConfig file) {
    FrontendConfig first = frontendFromFlags(file.frontends().get(0), false);
    List<FrontendConfig> fronts = new ArrayList<>(file.frontends());
    fronts.set(0, first);
    Map<String, PoolConfig> pools = new LinkedHashMap<>(file.pools());
    PoolConfig pool = pools.get(first.pool());
    PoolConfig overridden = poolFromFlags(pool, false);
    if (matched("--backend")) {
      List<BackendConfig> parsed = new ArrayList<>();
      for (String b : backends) {
        parsed.add(BackendConfig.parse(b));
      }
      overridden = withBackends(overridden, parsed);
    }
    pools.put(pool.name(), overridden);
    return new LbConfig(fronts, pools, matched("--access-log") ? accessLog : file.accessLog());
  }

  private FrontendConfig frontendFromFlags(FrontendConfig f, boolean all) {
    Timeouts t = f.timeouts();
    Timeouts timeouts =
        new Timeouts(
            pick(all, "--connect-timeout", connectTimeout, t.connect()),
            pick(all, "--client-header-timeout", clientHeaderTimeout, t.clientHeader()),
            pick(all, "--idle-timeout", idleTimeout, t.idle()),
            pick(all, "--request-timeout", requestTimeout, t.request()),
            pick(all, "--backend-response-timeout", backendResponseTimeout, t.backendResponse()));
    HttpLimits l = f.limits();
    HttpLimits limits =
        new HttpLimits(
            pick(all, "--max-request-line", maxRequestLine, l.maxRequestLine()),
            pick(all, "--max-header-size", maxHeaderSize, l.maxHeaderSize()),
            pick(all, "--max-body-size", maxBodySize, l.maxBodySize()));
    TlsConfig tls = f.tls();
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) {
        throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      }
      tls = new TlsConfig(List.of(new TlsConfig.Certificate(tlsCert, tlsKey, List.of())));
    }
    boolean bindGiven = all || matched("--port") || matched("--bind");
    return new FrontendConfig(
        f.name(),
        pick(all, "--mode", Mode.parse(mode), f.mode()),
        bindGiven ? common.bindAddress() : f.bind(),
        f.pool(),
        f.routes(),
        tls,
        pick(all, "--accept-proxy", acceptProxy, f.acceptProxy()),
        pick(all, "--trusted-proxy", List.copyOf(trustedProxies), f.trustedProxies()),
        pick(all, "--trusted-hops", trustedHops, f.trustedHops()),
        pick(
            all,
            "--max-connections-per-client",
            maxConnectionsPerClient,
            f.maxConnectionsPerClient()),
        f.maxConnections(),
        timeouts,
        limits);
  }

  private PoolConfig poolFromFlags(PoolConfig p, boolean all) {
    HealthCheckConfig check =
        all
                || matched("--health-check")
                || matched("--check-interval")
                || matched("--rise")
                || matched("--fall")
            ? HealthCheckConfig.parse(
                matched("--health-check") || all ? healthCheck : kindText(p.healthCheck()),
                checkInterval,
                rise,
                fall)
            : p.healthCheck();
    return new PoolConfig(
        p.name(),
        pick(all, "--algorithm", Algorithm.parse(algorithm), p.algorithm()),
        pick(all, "--hash-key", HashKey.parse(hashKey), p.hashKey()),
        pick(all, "--sticky-cookie", stickyCookie, p.stickyCookie()),
        p.backends(),
        check,
        p.ejectAfter(),
        p.ejectFor(),
        pick(
            all,
            "--max-connections-per-backend",
            maxConnectionsPerBackend,
            p.maxConnectionsPerBackend()),
        p.queueSize(),
        p.queueTimeout(),
        pick(all, "--retries", retries, p.retries()),
        pick(all, "--retry-budget", retryBudget, p.retryBudget()),
        pick(all, "--send-proxy-v2", sendProxyV2, p.sendProxyV2()),
        p.virtualNodes(),
        p.boundedLoad());
  }

  private static String kindText(HealthCheckConfig c) {
    return switch (c.kind()) {
      case NONE -> "none";
      case TCP -> "tcp";
      case HTTP -> "http:" + c.path();
    };
  }

  private static PoolConfig withBackends(PoolConfig p, List<BackendConfig> backends) {
    return new PoolConfig(
        p.name(),
        p.algorithm(),
        p.hashKey(),
        p.stickyCookie(),
        backends,
        p.healthCheck(),
        p.ejectAfter(),
        p.ejectFor(),
        p.maxConnectionsPerBackend(),
        p.queueSize(),
        p.queueTimeout(),
        p.retries(),
        p.retryBudget(),
        p.sendProxyV2(),
        p.virtualNodes(),
        p.boundedLoad());
  }

  private <T> T pick(boolean all, String option, T flag, T file) {
    return all || matched(option) ? flag : file;
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Runs lb as a process on its own. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new LbCommand(), args));
  }
}
