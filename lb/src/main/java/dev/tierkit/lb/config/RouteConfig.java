package dev.tierkit.lb.config;

import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP routing rule: requests whose host and path match go to {@code pool}. Rules are tried in
 * order; the first match wins; no match goes to the frontend's default pool.
 *
 * @param host the Host to match without port, case-insensitive; {@code *.example.com} matches every
 *     subdomain; null matches any host
 * @param pathPrefix a path prefix ({@code /api/} matches {@code /api/x}); null matches any path
 * @param pool the pool's name
 */
public record RouteConfig(String host, String pathPrefix, String pool) {
  public RouteConfig {
    Objects.requireNonNull(pool, "route pool");
    host = host == null ? null : host.toLowerCase(Locale.ROOT);
    if (pathPrefix != null && !pathPrefix.startsWith("/")) {
      throw new IllegalArgumentException(
          "route pathPrefix must start with /, got '" + pathPrefix + "'");
    }
  }

  /** Whether a request for {@code host} (lower case, no port) and {@code path} matches. */
  public boolean matches(String requestHost, String path) {
    if (host != null) {
      if (requestHost == null) {
        return false;
      }
      if (host.startsWith("*.")) {
        if (!requestHost.endsWith(host.substring(1))) {
          return false;
        }
      } else if (!host.equals(requestHost)) {
        return false;
      }
    }
    return pathPrefix == null || path.startsWith(pathPrefix);
  }
}
