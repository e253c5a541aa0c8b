package dev.tierkit.lb.balance;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server behind a pool, and its live state: weight, operator state, health, passive ejection,
 * active connections against an optional limit, and counters.
 *
 * <p>Thread-safety: every field is read on the event loops without locks; writers (the admin API,
 * health checks, the request path) publish through volatiles and atomics. {@link #available} is the
 * one question balancers ask.
 *
 * <p>Passive ejection: {@link #recordFailure} counts consecutive failures (connect failures, 5xx);
 * at {@code ejectAfter} the backend is ejected for {@code ejectFor} nanoseconds, then tried again.
 * One success resets the count.
 */
public final class Backend {
  private final String host;
  private final int port;
  private final String id;
  private final int maxConnections;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder latencyNanos = new LongAdder();
  private volatile int weight;
  private volatile AdminState adminState = AdminState.ENABLED;
  private volatile boolean healthy = true;
  private volatile long ejectedUntilNanos;
  private volatile boolean ejected;
  private volatile String lastCheck = "not checked";

  /**
   * @param host host name or address literal
   * @param port TCP port, 1-65535
   * @param weight relative share, 0-256 (0 takes no new requests)
   * @param maxConnections concurrent connections (L4) or requests (L7) allowed; 0 = no limit
   */
  public Backend(String host, int port, int weight, int maxConnections) {
    this.host = Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("backend port must be 1-65535, got " + port);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "backend maxConnections must be >= 0 (0 = no limit), got " + maxConnections);
    }
    this.port = port;
    this.id = idOf(host, port);
    this.maxConnections = maxConnections;
    setWeight(weight);
  }

  /** The id a backend at {@code host:port} has: {@code host:port}, IPv6 literals bracketed. */
  public static String idOf(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** {@code host:port}; unique within a pool. */
  public String id() {
    return id;
  }

  public int weight() {
    return weight;
  }

  /**
   * Sets the weight.
   *
   * @throws IllegalArgumentException outside 0-256
   */
  public void setWeight(int weight) {
    if (weight < 0 || weight > 256) {
      throw new IllegalArgumentException("backend weight must be 0-256, got " + weight);
    }
    this.weight = weight;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public AdminState adminState() {
    return adminState;
  }

  public void setAdminState(AdminState state) {
    this.adminState = Objects.requireNonNull(state, "state");
  }

  /** What the active health check last concluded (true until a check says otherwise). */
  public boolean healthy() {
    return healthy;
  }

  public void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  /**
   * What the last active health check found, for the admin API: for example {@code "passed: HTTP
   * 200 in 2 ms"} or {@code "failed: connection refused"}; {@code "not checked"} until one ran.
   */
  public String lastCheck() {
    return lastCheck;
  }

  public void setLastCheck(String description) {
    this.lastCheck = Objects.requireNonNull(description, "description");
  }

  /** Whether passive ejection has this backend out at {@code nowNanos}. */
  public boolean ejected(long nowNanos) {
    return ejected && nowNanos - ejectedUntilNanos < 0;
  }

  /**
   * Whether the backend may take a new request at {@code nowNanos}: enabled, weight above zero,
   * healthy, not ejected. The connection limit is checked apart, by {@link #tryAcquire}.
   */
  public boolean available(long nowNanos) {
    return adminState == AdminState.ENABLED && weight > 0 && healthy && !ejected(nowNanos);
  }

  /** Whether a connection slot is free now (always, without a limit). */
  public boolean hasCapacity() {
    return maxConnections == 0 || active.get() < maxConnections;
  }

  /**
   * Takes a connection slot: counts one more active connection unless that would pass {@link
   * #maxConnections}. Every successful call is matched by one {@link #release}.
   */
  public boolean tryAcquire() {
    if (maxConnections == 0) {
      active.incrementAndGet();
      return true;
    }
    while (true) {
      int now = active.get();
      if (now >= maxConnections) {
        return false;
      }
      if (active.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a slot taken by {@link #tryAcquire}. */
  public void release() {
    active.decrementAndGet();
  }

  /** Active connections (L4) or requests (L7) now. */
  public int active() {
    return active.get();
  }

  /** Records a request answered (any status below 500) after {@code latencyNanos}. */
  public void recordSuccess(long latencyNanos) {
    requests.increment();
    this.latencyNanos.add(latencyNanos);
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    // Read before writing: a volatile store on every request would be a full fence each time.
    if (ejected) {
      ejected = false;
    }
  }

  /**
   * Ends a passive ejection early and forgets the failure run: the active health check has just
   * seen the backend come back (DOWN to UP after {@code rise} passes), which is better evidence
   * than the failures that ejected it. Without this, a backend restarted after a crash would sit
   * out the rest of {@code ejectFor} (30 s by default) although it answers. Envoy does the same
   * ({@code successful_active_health_check_uneject_host}).
   */
  public void clearEjection() {
    consecutiveFailures.set(0);
    ejected = false;
  }

  /**
   * Records a failure (connect failure, reset, timeout or 5xx) and ejects the backend for {@code
   * ejectForNanos} once {@code ejectAfter} failures have come in a row ({@code ejectAfter} 0 turns
   * ejection off).
   *
   * @return true when this failure ejected the backend
   */
  public boolean recordFailure(long nowNanos, int ejectAfter, long ejectForNanos) {
    requests.increment();
    failures.increment();
    int run = consecutiveFailures.incrementAndGet();
    if (ejectAfter > 0 && run >= ejectAfter && !ejected(nowNanos)) {
      ejectedUntilNanos = nowNanos + ejectForNanos;
      ejected = true;
      consecutiveFailures.set(0);
      return true;
    }
    return false;
  }

  /** Requests (L7) or connections (L4) sent here since start. */
  public long requests() {
    return requests.sum();
  }

  /** Of {@link #requests}, those that failed. */
  public long failures() {
    return failures.sum();
  }

  /** Mean latency of successful requests in nanoseconds, 0 before the first. */
  public long meanLatencyNanos() {
    long ok = requests.sum() - failures.sum();
    return ok <= 0 ? 0 : latencyNanos.sum() / ok;
  }

  @Override
  public String toString() {
    return id;
  }
}
