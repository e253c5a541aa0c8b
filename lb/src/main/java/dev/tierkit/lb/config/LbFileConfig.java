package dev.tierkit.lb.config;

import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.lb.balance.Algorithm;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --config} YAML of lb, as written. Each record checks its own fields while the file is
 * read, so a bad value is reported with its file and line; {@link #toConfig} then resolves paths
 * against the file's directory and cross-checks names. Fields left out take the defaults of {@link
 * PoolConfig}, {@link FrontendConfig}, {@link Timeouts} and {@link HttpLimits}.
 *
 * <pre>
 * accessLog: access.log            # optional; "-" = standard output
 * frontends:
 *   - name: web
 *     mode: http                   # http (default) or tcp
 *     bind: 0.0.0.0:8080           # or just a port
 *     pool: app                    # the default pool
 *     routes:                      # http only, first match wins
 *       - { host: api.example.com, pathPrefix: /v1/, pool: api }
 *     tls:                         # optional
 *       certificates:
 *         - { cert: site.pem, key: site.key, serverNames: [www.example.com] }
 *     trustedProxies: [10.0.0.0/8] # whose PROXY headers / X-Forwarded-For count
 *     acceptProxy: false
 *     trustedHops: 0
 *     maxConnectionsPerClient: 0
 *     maxConnections: 0            # this frontend's own limit (0: only --max-connections)
 *     timeouts: { connect: 5s, clientHeader: 10s, idle: 60s, request: 5m, backendResponse: 60s }
 *     limits: { maxRequestLine: 8192, maxHeaderSize: 16384, maxBodySize: 67108864 }
 * pools:
 *   - name: app
 *     algorithm: weighted-round-robin
 *     hashKey: source              # or header:NAME, cookie:NAME (consistent-hash)
 *     stickyCookie: SRV            # optional, insert mode
 *     backends:
 *       - { address: 127.0.0.1:9001, weight: 3 }
 *       - { address: 127.0.0.1:9002, weight: 1, maxConnections: 100 }
 *     healthCheck: { kind: http, path: /healthz, expectStatus: 200, interval: 2s, timeout: 1s,
 *                    rise: 2, fall: 3 }
 *     ejectAfter: 5
 *     ejectFor: 30s
 *     maxConnectionsPerBackend: 0
 *     queueSize: 1000
 *     queueTimeout: 5s
 *     retries: 2
 *     retryBudget: 0.5
 *     sendProxyV2: false
 *     virtualNodes: 100
 *     boundedLoad: 1.25
 * </pre>
 */
public record LbFileConfig(String accessLog, List<Frontend> frontends, List<Pool> pools) {
  public LbFileConfig {
    frontends = frontends == null ? List.of() : List.copyOf(frontends);
    pools = pools == null ? List.of() : List.copyOf(pools);
  }

  /** One frontend as written. */
  public record Frontend(
      String name,
      String mode,
      String bind,
      String pool,
      List<RouteConfig> routes,
      Tls tls,
      Boolean acceptProxy,
      List<String> trustedProxies,
      Integer trustedHops,
      Integer maxConnectionsPerClient,
      Integer maxConnections,
      TimeoutsYaml timeouts,
      LimitsYaml limits) {
    public Frontend {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("name is required");
      }
      if (pool == null || pool.isBlank()) {
        throw new IllegalArgumentException("pool is required");
      }
      if (bind == null || bind.isBlank()) {
        throw new IllegalArgumentException("bind is required (ADDRESS:PORT or PORT)");
      }
      parseBind(bind);
      if (mode != null) {
        Mode.parse(mode);
      }
    }
  }

  /** TLS as written: certificate and key paths relative to the file. */
  public record Tls(List<Cert> certificates) {}

  /** One certificate as written. */
  public record Cert(String cert, String key, List<String> serverNames) {
    public Cert {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("cert and key are both required");
      }
    }
  }

  /** Timeouts as written; each optional. */
  public record TimeoutsYaml(
      String connect, String clientHeader, String idle, String request, String backendResponse) {
    public TimeoutsYaml {
      toTimeouts(connect, clientHeader, idle, request, backendResponse);
    }

    Timeouts toTimeouts() {
      return toTimeouts(connect, clientHeader, idle, request, backendResponse);
    }

    private static Timeouts toTimeouts(
        String connect, String clientHeader, String idle, String request, String response) {
      Timeouts d = Timeouts.DEFAULTS;
      return new Timeouts(
          duration(connect, d.connect()),
          duration(clientHeader, d.clientHeader()),
          duration(idle, d.idle()),
          duration(request, d.request()),
          duration(response, d.backendResponse()));
    }
  }

  /** Limits as written; each optional. */
  public record LimitsYaml(Integer maxRequestLine, Integer maxHeaderSize, Long maxBodySize) {
    public LimitsYaml {
      toLimits(maxRequestLine, maxHeaderSize, maxBodySize);
    }

    HttpLimits toLimits() {
      return toLimits(maxRequestLine, maxHeaderSize, maxBodySize);
    }

    private static HttpLimits toLimits(Integer line, Integer header, Long body) {
      HttpLimits d = HttpLimits.DEFAULTS;
      return new HttpLimits(
          line == null ? d.maxRequestLine() : line,
          header == null ? d.maxHeaderSize() : header,
          body == null ? d.maxBodySize() : body);
    }
  }

  /** One backend as written: {@code address: HOST:PORT}, or {@code host} and {@code port}. */
  public record Backend(
      String address, String host, Integer port, Integer weight, Integer maxConnections) {
    public Backend {
      toConfig(address, host, port, weight, maxConnections);
    }

    BackendConfig toConfig() {
      return toConfig(address, host, port, weight, maxConnections);
    }

    private static BackendConfig toConfig(
        String address, String host, Integer port, Integer weight, Integer maxConnections) {
      BackendConfig base;
      if (address != null) {
        if (host != null || port != null) {
          throw new IllegalArgumentException("give either address or host and port, not both");
        }
        base = BackendConfig.parse(address);
      } else {
        if (host == null || port == null) {
          throw new IllegalArgumentException("address (HOST:PORT), or host and port, is required");
        }
        base = new BackendConfig(host, port, 1, 0);
      }
      return new BackendConfig(
          base.host(),
          base.port(),
          weight == null ? base.weight() : weight,
          maxConnections == null ? 0 : maxConnections);
    }
  }

  /** A health check as written. */
  public record Check(
      String kind,
      String path,
      String host,
      Integer expectStatus,
      String interval,
      String timeout,
      Integer rise,
      Integer fall) {
    public Check {
      toConfig(kind, path, host, expectStatus, interval, timeout, rise, fall);
    }

    HealthCheckConfig toConfig() {
      return toConfig(kind, path, host, expectStatus, interval, timeout, rise, fall);
    }

    private static HealthCheckConfig toConfig(
        String kind,
        String path,
        String host,
        Integer expectStatus,
        String interval,
        String timeout,
        Integer rise,
        Integer fall) {
      HealthCheckConfig d = HealthCheckConfig.NONE;
      HealthCheckConfig.Kind k =
          switch (kind == null ? "tcp" : kind) {
            case "none" -> HealthCheckConfig.Kind.NONE;
            case "tcp" -> HealthCheckConfig.Kind.TCP;
            case "http" -> HealthCheckConfig.Kind.HTTP;
            default ->
                throw new IllegalArgumentException(
                    "kind must be none, tcp or http, got '" + kind + "'");
          };
      return new HealthCheckConfig(
          k,
          path == null ? d.path() : path,
          host,
          expectStatus == null ? d.expectStatus() : expectStatus,
          duration(interval, d.interval()),
          duration(timeout, d.timeout()),
          rise == null ? d.rise() : rise,
          fall == null ? d.fall() : fall);
    }
  }

  /** One pool as written. */
  public record Pool(
      String name,
      String algorithm,
      String hashKey,
      String stickyCookie,
      List<Backend> backends,
      Check healthCheck,
      Integer ejectAfter,
      String ejectFor,
      Integer maxConnectionsPerBackend,
      Integer queueSize,
      String queueTimeout,
      Integer retries,
      Double retryBudget,
      Boolean sendProxyV2,
      Integer virtualNodes,
      Double boundedLoad) {
    public Pool {
      backends = backends == null ? List.of() : List.copyOf(backends);
      build(
          name,
          algorithm,
          hashKey,
          stickyCookie,
          backends,
          healthCheck,
          ejectAfter,
          ejectFor,
          maxConnectionsPerBackend,
          queueSize,
          queueTimeout,
          retries,
          retryBudget,
          sendProxyV2,
          virtualNodes,
          boundedLoad);
    }

    PoolConfig toConfig() {
      return build(
          name,
          algorithm,
          hashKey,
          stickyCookie,
          backends,
          healthCheck,
          ejectAfter,
          ejectFor,
          maxConnectionsPerBackend,
          queueSize,
          queueTimeout,
          retries,
          retryBudget,
          sendProxyV2,
          virtualNodes,
          boundedLoad);
    }

    // Static over the parameters: a compact constructor runs before the fields are assigned.
    @SuppressWarnings("TooManyParameters")
    private static PoolConfig build(
        String name,
        String algorithm,
        String hashKey,
        String stickyCookie,
        List<Backend> backends,
        Check healthCheck,
        Integer ejectAfter,
        String ejectFor,
        Integer maxConnectionsPerBackend,
        Integer queueSize,
        String queueTimeout,
        Integer retries,
        Double retryBudget,
        Boolean sendProxyV2,
        Integer virtualNodes,
        Double boundedLoad) {
      if (name == null) {
        throw new IllegalArgumentException("name is required");
      }
      PoolConfig d = PoolConfig.of(name, Algorithm.ROUND_ROBIN, List.of());
      return new PoolConfig(
          name,
          algorithm == null ? d.algorithm() : Algorithm.parse(algorithm),
          hashKey == null ? d.hashKey() : HashKey.parse(hashKey),
          stickyCookie,
          backends.stream().map(Backend::toConfig).toList(),
          healthCheck == null ? d.healthCheck() : healthCheck.toConfig(),
          ejectAfter == null ? d.ejectAfter() : ejectAfter,
          duration(ejectFor, d.ejectFor()),
          maxConnectionsPerBackend == null
              ? d.maxConnectionsPerBackend()
              : maxConnectionsPerBackend,
          queueSize == null ? d.queueSize() : queueSize,
          duration(queueTimeout, d.queueTimeout()),
          retries == null ? d.retries() : retries,
          retryBudget == null ? d.retryBudget() : retryBudget,
          sendProxyV2 != null && sendProxyV2,
          virtualNodes == null ? d.virtualNodes() : virtualNodes,
          boundedLoad == null ? d.boundedLoad() : boundedLoad);
    }
  }

  /**
   * The configuration this file describes; relative paths are resolved against {@code dir}.
   *
   * @throws IllegalArgumentException for names that do not resolve (a frontend's unknown pool)
   */
  public LbConfig toConfig(Path dir) {
    Map<String, PoolConfig> poolsByName = new LinkedHashMap<>();
    for (Pool p : pools) {
      if (poolsByName.put(p.name(), p.toConfig()) != null) {
        throw new IllegalArgumentException("pool " + p.name() + " is declared twice");
      }
    }
    List<FrontendConfig> fronts =
        frontends.stream()
            .map(
                f ->
                    new FrontendConfig(
                        f.name(),
                        f.mode() == null ? Mode.HTTP : Mode.parse(f.mode()),
                        parseBind(f.bind()),
                        f.pool(),
                        f.routes(),
                        f.tls() == null ? null : tls(f.tls(), dir),
                        f.acceptProxy() != null && f.acceptProxy(),
                        f.trustedProxies(),
                        f.trustedHops() == null ? 0 : f.trustedHops(),
                        f.maxConnectionsPerClient() == null ? 0 : f.maxConnectionsPerClient(),
                        f.maxConnections() == null ? 0 : f.maxConnections(),
                        f.timeouts() == null ? Timeouts.DEFAULTS : f.timeouts().toTimeouts(),
                        f.limits() == null ? HttpLimits.DEFAULTS : f.limits().toLimits()))
            .toList();
    Path log =
        accessLog == null ? null : accessLog.equals("-") ? Path.of("-") : dir.resolve(accessLog);
    return new LbConfig(fronts, poolsByName, log);
  }

  private static TlsConfig tls(Tls tls, Path dir) {
    List<Cert> certs = tls.certificates() == null ? List.of() : tls.certificates();
    return new TlsConfig(
        certs.stream()
            .map(
                c ->
                    new TlsConfig.Certificate(
                        dir.resolve(c.cert()), dir.resolve(c.key()), c.serverNames()))
            .toList());
  }

  static Duration duration(String text, Duration fallback) {
    return text == null ? fallback : DurationConverter.parse(text);
  }

  /** Parses {@code PORT}, {@code HOST:PORT} or {@code [IPV6]:PORT}; a bare port binds 0.0.0.0. */
  public static InetSocketAddress parseBind(String text) {
    String t = text.trim();
    String host = "0.0.0.0";
    String port = t;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("bind '" + text + "': expected [IPV6]:PORT");
      }
      host = t.substring(1, close);
      port = t.substring(close + 2);
    } else if (t.indexOf(':') >= 0) {
      int colon = t.lastIndexOf(':');
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bind '" + text + "': port is not a number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException("bind '" + text + "': port must be 0-65535");
    }
    return new InetSocketAddress(host, p);
  }
}
