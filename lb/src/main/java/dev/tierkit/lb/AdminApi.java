package dev.tierkit.lb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.common.admin.AdminRequest;
import dev.tierkit.common.admin.AdminResponse;
import dev.tierkit.common.admin.AdminRoutes;
import dev.tierkit.lb.balance.AdminState;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.RouteConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * lb's admin routes, beside the common {@code /metrics}, {@code /healthz}, {@code /readyz} and
 * {@code POST /reload}. Backends are named {@code pool=NAME&backend=HOST:PORT}.
 *
 * <ul>
 *   <li>{@code GET /pools}: every pool and backend with weight, operator state, health, ejection,
 *       active connections, request and failure counts, mean latency and the last check (JSON).
 *   <li>{@code GET /frontends}: every frontend with its address, mode, pool and routes (JSON).
 *   <li>{@code POST /backends/add?pool=P&backend=H:P[&weight=W][&maxConnections=N]}: 201; 409 when
 *       it is there already.
 *   <li>{@code POST /backends/remove?pool=P&backend=H:P}: no new requests; what runs finishes.
 *   <li>{@code POST /backends/weight?pool=P&backend=H:P&weight=W}: 0-256.
 *   <li>{@code POST /backends/drain}, {@code /backends/enable}, {@code /backends/disable}: the
 *       operator state; draining lets existing requests and connections finish.
 * </ul>
 *
 * Unknown pools and backends answer 404, bad arguments 400. Changes last until the next reload,
 * which applies the configuration file again.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminApi() {}

  static void register(AdminRoutes routes, LbServer server) {
    routes.get("/pools", request -> json(pools(server)));
    routes.get("/frontends", request -> json(frontends(server)));
    routes.post("/backends/add", request -> add(server, request));
    routes.post("/backends/remove", request -> remove(server, request));
    routes.post("/backends/weight", request -> weight(server, request));
    routes.post("/backends/drain", request -> state(server, request, AdminState.DRAINING));
    routes.post("/backends/enable", request -> state(server, request, AdminState.ENABLED));
    routes.post("/backends/disable", request -> state(server, request, AdminState.DISABLED));
  }

  private static Map<String, Object> pools(LbServer server) {
    long now = System.nanoTime();
    List<Object> pools = new ArrayList<>();
    for (Upstream up : server.upstreams()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("name", up.pool().name());
      p.put("algorithm", up.pool().algorithm().cliName());
      p.put(
          "healthCheck",
          up.config().healthCheck().kind().name().toLowerCase(java.util.Locale.ROOT));
      p.put("waiting", up.pool().waiting());
      p.put("retrying", up.retryBudget().retrying());
      List<Object> backends = new ArrayList<>();
      for (Backend b : up.pool().backends()) {
        backends.add(backend(b, now));
      }
      p.put("backends", backends);
      pools.add(p);
    }
    return Map.of("pools", pools);
  }

  static Map<String, Object> backend(Backend b, long now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("backend", b.id());
    m.put("weight", b.weight());
    m.put("state", b.adminState().name().toLowerCase(java.util.Locale.ROOT));
    m.put("healthy", b.healthy());
    m.put("ejected", b.ejected(now));
    m.put("available", b.available(now));
    m.put("active", b.active());
    m.put("maxConnections", b.maxConnections());
    m.put("requests", b.requests());
    m.put("failures", b.failures());
    m.put("meanLatencyMillis", b.meanLatencyNanos() / 1e6);
    m.put("lastCheck", b.lastCheck());
    return m;
  }

  private static Map<String, Object> frontends(LbServer server) {
    List<Object> out = new ArrayList<>();
    for (LbServer.RunningFrontend running : server.frontends()) {
      FrontendConfig f = running.config;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("mode", f.mode().cliName());
      m.put(
          "address",
          running.listener.address().getHostString() + ":" + running.listener.address().getPort());
      m.put("tls", f.tls() != null);
      m.put("pool", f.pool());
      List<Object> routes = new ArrayList<>();
      for (RouteConfig r : f.routes()) {
        Map<String, Object> rm = new LinkedHashMap<>();
        rm.put("host", r.host());
        rm.put("pathPrefix", r.pathPrefix());
        rm.put("pool", r.pool());
        routes.add(rm);
      }
      m.put("routes", routes);
      m.put("clients", running.limiter.clients());
      out.add(m);
    }
    return Map.of("frontends", out);
  }

  private static AdminResponse add(LbServer server, AdminRequest request) {
    Optional<String> pool = request.param("pool");
    Optional<String> spec = request.param("backend");
    if (pool.isEmpty() || spec.isEmpty()) {
      return AdminResponse.text(400, "pool= and backend=HOST:PORT are required");
    }
    if (server.upstream(pool.get()).isEmpty()) {
      return AdminResponse.text(404, "no pool named " + pool.get());
    }
    try {
      BackendConfig parsed = BackendConfig.parse(spec.get());
      int weight = request.param("weight").map(Integer::parseInt).orElse(parsed.weight());
      int max = request.param("maxConnections").map(Integer::parseInt).orElse(0);
      BackendConfig bc = new BackendConfig(parsed.host(), parsed.port(), weight, max);
      if (server
          .upstream(pool.get())
          .get()
          .pool()
          .find(Backend.idOf(bc.host(), bc.port()))
          .isPresent()) {
        return AdminResponse.text(409, "pool " + pool.get() + " has backend " + spec.get());
      }
      Backend b = server.addBackend(pool.get(), bc);
      return json(201, backend(b, System.nanoTime()));
    } catch (IllegalArgumentException e) {
      return AdminResponse.text(400, e.getMessage());
    }
  }

  private static AdminResponse remove(LbServer server, AdminRequest request) {
    Optional<String> pool = request.param("pool");
    Optional<String> id = request.param("backend");
    if (pool.isEmpty() || id.isEmpty()) {
      return AdminResponse.text(400, "pool= and backend=HOST:PORT are required");
    }
    return server
        .removeBackend(pool.get(), id.get())
        .map(b -> AdminResponse.ok("removed " + b.id() + " from " + pool.get()))
        .orElseGet(
            () -> AdminResponse.text(404, "pool " + pool.get() + " has no backend " + id.get()));
  }

  private static AdminResponse weight(LbServer server, AdminRequest request) {
    Optional<String> w = request.param("weight");
    if (w.isEmpty()) {
      return AdminResponse.text(400, "weight= is required (0-256)");
    }
    return withBackend(
        server,
        request,
        (up, b) -> {
          try {
            b.setWeight(Integer.parseInt(w.get()));
          } catch (NumberFormatException e) {
            return AdminResponse.text(400, "weight must be a number 0-256, got " + w.get());
          } catch (IllegalArgumentException e) {
            return AdminResponse.text(400, e.getMessage());
          }
          up.pool().rebuild();
          return json(200, backend(b, System.nanoTime()));
        });
  }

  private static AdminResponse state(LbServer server, AdminRequest request, AdminState state) {
    return withBackend(
        server,
        request,
        (up, b) -> {
          b.setAdminState(state);
          return json(200, backend(b, System.nanoTime()));
        });
  }

  private interface BackendAction {
    AdminResponse apply(Upstream upstream, Backend backend);
  }

  private static AdminResponse withBackend(
      LbServer server, AdminRequest request, BackendAction action) {
    Optional<String> pool = request.param("pool");
    Optional<String> id = request.param("backend");
    if (pool.isEmpty() || id.isEmpty()) {
      return AdminResponse.text(400, "pool= and backend=HOST:PORT are required");
    }
    Optional<Upstream> up = server.upstream(pool.get());
    if (up.isEmpty()) {
      return AdminResponse.text(404, "no pool named " + pool.get());
    }
    Optional<Backend> b = up.get().pool().find(id.get());
    if (b.isEmpty()) {
      return AdminResponse.text(404, "pool " + pool.get() + " has no backend " + id.get());
    }
    return action.apply(up.get(), b.get());
  }

  private static AdminResponse json(Object value) {
    return json(200, value);
  }

  private static AdminResponse json(int status, Object value) {
    try {
      return AdminResponse.json(status, JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render admin JSON", e);
    }
  }
}
