package dev.tierkit.lb.config;

import dev.tierkit.lb.balance.Algorithm;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One pool of backends and how requests are spread over them.
 *
 * @param name the pool's name, referenced by frontends and routes
 * @param algorithm the balancing algorithm (default round-robin)
 * @param hashKey what consistent hashing hashes (default the source address)
 * @param stickyCookie with a name, cookie stickiness in insert mode: the first response sets this
 *     cookie naming the backend, and later requests carrying it go back there while it is available
 *     (default none)
 * @param backends the backends, at least one unless added at runtime
 * @param healthCheck the active check (default none)
 * @param ejectAfter consecutive connect failures or 5xx that eject a backend (default 5; 0 = off)
 * @param ejectFor how long an ejected backend rests (default 30 s)
 * @param maxConnectionsPerBackend default per-backend limit on concurrent connections (tcp) or
 *     requests (http); 0 = no limit (default)
 * @param queueSize requests that may wait for a slot when every backend is at its limit (default
 *     1000); beyond it 503
 * @param queueTimeout the longest such a wait (default 5 s); then 503
 * @param retries attempts after the first on other backends (default 2)
 * @param retryBudget the share of active requests that may be being retried at one time (default
 *     0.5, with at least 3 allowed): when one backend of two dies, every request that was on it can
 *     still be retried, while a pool whose backends all fail cannot double its own load
 * @param sendProxyV2 whether tcp connections to backends start with a PROXY protocol v2 header
 * @param virtualNodes consistent hashing's ring points per unit of weight (default 100)
 * @param boundedLoad consistent hashing's load bound: no backend takes more than this times the
 *     mean load (default 1.25; 0 = unbounded)
 */
public record PoolConfig(
    String name,
    Algorithm algorithm,
    HashKey hashKey,
    String stickyCookie,
    List<BackendConfig> backends,
    HealthCheckConfig healthCheck,
    int ejectAfter,
    Duration ejectFor,
    int maxConnectionsPerBackend,
    int queueSize,
    Duration queueTimeout,
    int retries,
    double retryBudget,
    boolean sendProxyV2,
    int virtualNodes,
    double boundedLoad) {
  public PoolConfig {
    Objects.requireNonNull(name, "pool name");
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "pool name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    algorithm = algorithm == null ? Algorithm.ROUND_ROBIN : algorithm;
    hashKey = hashKey == null ? HashKey.SOURCE : hashKey;
    backends = backends == null ? List.of() : List.copyOf(backends);
    Set<String> seen = new HashSet<>();
    for (BackendConfig b : backends) {
      if (!seen.add(b.host() + ":" + b.port())) {
        throw new IllegalArgumentException(
            "pool " + name + ": backend " + b.host() + ":" + b.port() + " is listed twice");
      }
    }
    healthCheck = healthCheck == null ? HealthCheckConfig.NONE : healthCheck;
    ejectFor = ejectFor == null ? Duration.ofSeconds(30) : ejectFor;
    queueTimeout = queueTimeout == null ? Duration.ofSeconds(5) : queueTimeout;
    if (ejectAfter < 0) {
      throw new IllegalArgumentException("pool " + name + ": ejectAfter must be >= 0");
    }
    if (maxConnectionsPerBackend < 0 || queueSize < 0) {
      throw new IllegalArgumentException(
          "pool " + name + ": maxConnectionsPerBackend and queueSize must be >= 0");
    }
    if (retries < 0 || retries > 10) {
      throw new IllegalArgumentException("pool " + name + ": retries must be 0-10, got " + retries);
    }
    if (retryBudget < 0 || retryBudget > 1) {
      throw new IllegalArgumentException(
          "pool " + name + ": retryBudget must be between 0 and 1, got " + retryBudget);
    }
    if (virtualNodes < 1 || virtualNodes > 1000) {
      throw new IllegalArgumentException(
          "pool " + name + ": virtualNodes must be 1-1000, got " + virtualNodes);
    }
    if (boundedLoad != 0 && boundedLoad < 1) {
      throw new IllegalArgumentException(
          "pool " + name + ": boundedLoad must be >= 1 (0 = unbounded), got " + boundedLoad);
    }
    if (stickyCookie != null && !stickyCookie.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw new IllegalArgumentException(
          "pool " + name + ": stickyCookie is not a valid cookie name: '" + stickyCookie + "'");
    }
  }

  /** A pool with every setting at its default. */
  public static PoolConfig of(String name, Algorithm algorithm, List<BackendConfig> backends) {
    return new PoolConfig(
        name,
        algorithm,
        HashKey.SOURCE,
        null,
        backends,
        HealthCheckConfig.NONE,
        5,
        Duration.ofSeconds(30),
        0,
        1000,
        Duration.ofSeconds(5),
        2,
        0.5,
        false,
        100,
        1.25);
  }
}
