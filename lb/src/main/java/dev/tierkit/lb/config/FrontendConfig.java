package dev.tierkit.lb.config;

import dev.tierkit.common.http.HttpLimits;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * One listener and what it does with connections.
 *
 * @param name the frontend's name (logs, metrics, admin API)
 * @param mode http or tcp
 * @param bind address and port to listen on
 * @param pool the default pool; every request a route does not claim goes here
 * @param routes HTTP routing rules, tried in order (http only)
 * @param tls TLS termination; null for plain text
 * @param acceptProxy whether connections from {@code trustedProxies} must start with a PROXY
 *     protocol v1 or v2 header whose source address then counts as the client's
 * @param trustedProxies CIDRs of the fronts whose PROXY headers and X-Forwarded-For are believed
 * @param trustedHops how many X-Forwarded-For entries, counted from the right, are believed when
 *     the peer is trusted (default 0: only the peer's own address is the client)
 * @param maxConnectionsPerClient concurrent connections from one client address (default 0 = no
 *     limit); beyond it the connection is closed at once
 * @param maxConnections concurrent connections to this frontend (default 0: only the daemon's
 *     {@code --max-connections}, which counts every frontend together); beyond it the connection is
 *     closed at once
 * @param timeouts the frontend's timeouts
 * @param limits HTTP size limits
 */
public record FrontendConfig(
    String name,
    Mode mode,
    InetSocketAddress bind,
    String pool,
    List<RouteConfig> routes,
    TlsConfig tls,
    boolean acceptProxy,
    List<String> trustedProxies,
    int trustedHops,
    int maxConnectionsPerClient,
    int maxConnections,
    Timeouts timeouts,
    HttpLimits limits) {
  public FrontendConfig {
    Objects.requireNonNull(name, "frontend name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "frontend name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    Objects.requireNonNull(mode, "frontend " + name + ": mode");
    Objects.requireNonNull(bind, "frontend " + name + ": bind");
    Objects.requireNonNull(pool, "frontend " + name + ": pool");
    routes = routes == null ? List.of() : List.copyOf(routes);
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    timeouts = timeouts == null ? Timeouts.DEFAULTS : timeouts;
    limits = limits == null ? HttpLimits.DEFAULTS : limits;
    if (mode == Mode.TCP && !routes.isEmpty()) {
      throw new IllegalArgumentException("frontend " + name + ": routes need mode http");
    }
    if (trustedHops < 0 || trustedHops > 16) {
      throw new IllegalArgumentException(
          "frontend " + name + ": trustedHops must be 0-16, got " + trustedHops);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("frontend " + name + ": maxConnections must be >= 0");
    }
    if (maxConnectionsPerClient < 0) {
      throw new IllegalArgumentException(
          "frontend " + name + ": maxConnectionsPerClient must be >= 0");
    }
    if (acceptProxy && trustedProxies.isEmpty()) {
      throw new IllegalArgumentException(
          "frontend "
              + name
              + ": acceptProxy needs trustedProxies (the fronts allowed to send it)");
    }
  }
}
