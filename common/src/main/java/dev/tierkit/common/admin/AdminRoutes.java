package dev.tierkit.common.admin;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The routes of an admin endpoint, keyed by method and exact path. A daemon adds its own next to
 * the built-in {@code /metrics}, {@code /healthz} and {@code /readyz}; routes may be added while
 * the endpoint runs.
 *
 * <p>Any method other than GET and HEAD is mutating and guarded by the admin token.
 */
public final class AdminRoutes {
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

  record Route(String method, String path, AdminHandler handler) {
    boolean mutating() {
      return !method.equals("GET");
    }
  }

  private final Map<String, Map<String, Route>> byPath = new ConcurrentHashMap<>();

  /** Adds a read-only route. */
  public AdminRoutes get(String path, AdminHandler handler) {
    return add("GET", path, handler);
  }

  /** Adds a mutating POST route. */
  public AdminRoutes post(String path, AdminHandler handler) {
    return add("POST", path, handler);
  }

  /** Adds a mutating DELETE route. */
  public AdminRoutes delete(String path, AdminHandler handler) {
    return add("DELETE", path, handler);
  }

  /**
   * Adds a route.
   *
   * @throws IllegalArgumentException for an unknown method, a malformed path or a duplicate
   */
  public AdminRoutes add(String method, String path, AdminHandler handler) {
    String m = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      throw new IllegalArgumentException("unsupported admin method: " + method);
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("malformed admin path: " + path);
    }
    Map<String, Route> methods = byPath.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
    if (methods.putIfAbsent(m, new Route(m, path, handler)) != null) {
      throw new IllegalArgumentException("admin route already registered: " + m + " " + path);
    }
    return this;
  }

  /** The routes at {@code path} by method; empty when nothing is there. */
  Map<String, Route> at(String path) {
    Map<String, Route> methods = byPath.get(path);
    return methods == null ? Map.of() : methods;
  }
}
