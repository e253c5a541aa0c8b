package dev.tierkit.dist.demo.app;

import dev.tierkit.dist.demo.HostPort;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code tierkit demo-web} runs with.
 *
 * @param address where the HTTP listener binds; port 0 picks a free port
 * @param name this web server's name, shown on the page (for example {@code web-1})
 * @param dc the data center it runs in, shown on the page
 * @param cache cache-server, where sessions and job results live
 * @param amqp mq-broker, where photo jobs go
 * @param assetVersion the initial version of the static assets; changeable at runtime
 * @param sessionTtl how long a session lives in cache-server after login
 * @param threads request threads; each may block up to a cache or broker timeout
 */
public record DemoWebConfig(
    InetSocketAddress address,
    String name,
    String dc,
    HostPort cache,
    AmqpSettings amqp,
    long assetVersion,
    Duration sessionTtl,
    int threads) {
  /** Sessions live half an hour, a common web default. */
  public static final Duration DEFAULT_SESSION_TTL = Duration.ofMinutes(30);

  /** Request threads: enough to overlap a few blocked calls on a two-core machine. */
  public static final int DEFAULT_THREADS = 8;

  public DemoWebConfig {
    Objects.requireNonNull(address, "--bind/--port");
    Objects.requireNonNull(cache, "--cache");
    Objects.requireNonNull(amqp, "--amqp");
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--name must be 1 to 64 of [A-Za-z0-9._-], got " + name);
    }
    if (dc == null || !dc.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("--dc must be 1 to 64 of [A-Za-z0-9._-], got " + dc);
    }
    if (assetVersion < 0) {
      throw new IllegalArgumentException("--asset-version must not be negative");
    }
    if (sessionTtl == null || sessionTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("--session-ttl must be at least one second");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be positive");
    }
  }

  /** A config with the default session TTL and thread count. */
  public static DemoWebConfig of(
      InetSocketAddress address,
      String name,
      String dc,
      HostPort cache,
      HostPort amqp,
      long assetVersion) {
    return new DemoWebConfig(
        address,
        name,
        dc,
        cache,
        AmqpSettings.guest(amqp),
        assetVersion,
        DEFAULT_SESSION_TTL,
        DEFAULT_THREADS);
  }
}
