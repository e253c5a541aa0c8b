package dev.tierkit.lb.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything lb runs: frontends, the pools they use, and where the access log goes.
 *
 * @param frontends at least one listener
 * @param pools every pool a frontend or route names, by name, in declaration order
 * @param accessLog the access log file; null = none, {@code -} = standard output
 */
public record LbConfig(
    List<FrontendConfig> frontends, Map<String, PoolConfig> pools, Path accessLog) {
  public LbConfig {
    frontends = List.copyOf(Objects.requireNonNull(frontends, "frontends"));
    pools = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pools));
    if (frontends.isEmpty()) {
      throw new IllegalArgumentException("at least one frontend is needed");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (FrontendConfig f : frontends) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("frontend " + f.name() + " is declared twice");
      }
      requirePool(pools, f.name(), f.pool());
      for (RouteConfig r : f.routes()) {
        requirePool(pools, f.name(), r.pool());
      }
    }
    for (Map.Entry<String, PoolConfig> e : pools.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException(
            "pool key " + e.getKey() + " differs from its name " + e.getValue().name());
      }
    }
  }

  private static void requirePool(Map<String, PoolConfig> pools, String frontend, String pool) {
    if (!pools.containsKey(pool)) {
      throw new IllegalArgumentException(
          "frontend "
              + frontend
              + ": pool '"
              + pool
              + "' is not declared (pools: "
              + String.join(", ", pools.keySet())
              + ")");
    }
  }
}
