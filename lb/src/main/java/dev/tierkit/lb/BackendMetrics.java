package dev.tierkit.lb;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.lb.balance.Backend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-backend series, read at scrape time from the live {@link Backend}s: {@code
 * tierkit_lb_backend_up}, {@code _active}, {@code _weight}, {@code _requests_total} and {@code
 * _failures_total}, labelled by pool and backend. The registry cannot drop a series, so each one
 * reads through a map: a removed backend reports 0 (up, active, weight) and keeps its last totals;
 * one added again under the same id reports the new object.
 */
final class BackendMetrics {
  private record Key(String pool, String backend) {}

  private final MetricRegistry registry;
  private final Map<Key, Backend> live = new ConcurrentHashMap<>();
  private final Map<Key, long[]> lastTotals = new ConcurrentHashMap<>();

  BackendMetrics(MetricRegistry registry) {
    this.registry = registry;
  }

  synchronized void track(String pool, Backend backend) {
    Key key = new Key(pool, backend.id());
    boolean known = lastTotals.containsKey(key);
    long[] base = lastTotals.computeIfAbsent(key, k -> new long[2]);
    Backend previous = live.put(key, backend);
    if (previous != null && previous != backend) {
      base[0] += previous.requests();
      base[1] += previous.failures();
    }
    if (known) {
      return;
    }
    String[] labels = {"pool", pool, "backend", backend.id()};
    gauge(
        "tierkit_lb_backend_up",
        "1 when the backend takes new requests now.",
        key,
        b -> b.available(System.nanoTime()) ? 1 : 0,
        labels);
    gauge(
        "tierkit_lb_backend_active",
        "Connections (tcp) or requests (http) on the backend now.",
        key,
        Backend::active,
        labels);
    gauge("tierkit_lb_backend_weight", "The backend's weight now.", key, Backend::weight, labels);
    registry.counterFunction(
        "tierkit_lb_backend_requests_total",
        "Requests (http) or connections (tcp) sent to the backend.",
        () -> {
          Backend b = live.get(key);
          return base[0] + (b == null ? 0 : b.requests());
        },
        labels);
    registry.counterFunction(
        "tierkit_lb_backend_failures_total",
        "Connect failures, resets, timeouts and 5xx from the backend.",
        () -> {
          Backend b = live.get(key);
          return base[1] + (b == null ? 0 : b.failures());
        },
        labels);
  }

  synchronized void forget(String pool, Backend backend) {
    Key key = new Key(pool, backend.id());
    if (live.remove(key, backend)) {
      long[] base = lastTotals.get(key);
      base[0] += backend.requests();
      base[1] += backend.failures();
    }
  }

  private void gauge(
      String name, String help, Key key, ToDoubleFunction<Backend> read, String[] labels) {
    registry.gauge(
        name,
        help,
        () -> {
          Backend b = live.get(key);
          return b == null ? 0 : read.applyAsDouble(b);
        },
        labels);
  }
}
