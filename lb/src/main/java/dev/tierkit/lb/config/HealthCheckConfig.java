package dev.tierkit.lb.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A pool's active health check.
 *
 * @param kind none, tcp (a connect) or http (a GET expecting {@code expectStatus})
 * @param path the HTTP check's path (default {@code /})
 * @param host the HTTP check's Host header (default: the backend's host:port)
 * @param expectStatus the status that means healthy (default 200; 0 = any 2xx or 3xx)
 * @param interval time between checks of one backend (default 2 s)
 * @param timeout one check's limit (default 1 s)
 * @param rise consecutive successes that mark a down backend up (default 2)
 * @param fall consecutive failures that mark an up backend down (default 3)
 */
public record HealthCheckConfig(
    Kind kind,
    String path,
    String host,
    int expectStatus,
    Duration interval,
    Duration timeout,
    int rise,
    int fall) {
  /** The kind of check. */
  public enum Kind {
    NONE,
    TCP,
    HTTP
  }

  public static final HealthCheckConfig NONE =
      new HealthCheckConfig(
          Kind.NONE, "/", null, 200, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);

  public HealthCheckConfig {
    Objects.requireNonNull(kind, "kind");
    path = path == null ? "/" : path;
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("healthCheck.path must start with /, got '" + path + "'");
    }
    if (expectStatus != 0 && (expectStatus < 100 || expectStatus > 599)) {
      throw new IllegalArgumentException(
          "healthCheck.expectStatus must be 100-599 (0 = any 2xx/3xx), got " + expectStatus);
    }
    Objects.requireNonNull(interval, "healthCheck.interval");
    Objects.requireNonNull(timeout, "healthCheck.timeout");
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException("healthCheck.interval must be >= 10ms, got " + interval);
    }
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("healthCheck.timeout must be >= 1ms, got " + timeout);
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException("healthCheck.rise and fall must be >= 1");
    }
  }

  /** Parses {@code --health-check}: {@code none}, {@code tcp} or {@code http[:PATH]}. */
  public static HealthCheckConfig parse(String text, Duration interval, int rise, int fall) {
    String t = text.trim();
    if (t.equals("none")) {
      return NONE;
    }
    if (t.equals("tcp")) {
      return new HealthCheckConfig(
          Kind.TCP, "/", null, 200, interval, Duration.ofSeconds(1), rise, fall);
    }
    if (t.equals("http") || t.startsWith("http:")) {
      String path = t.length() > 5 ? t.substring(5) : "/";
      return new HealthCheckConfig(
          Kind.HTTP, path, null, 200, interval, Duration.ofSeconds(1), rise, fall);
    }
    throw new IllegalArgumentException(
        "health check must be none, tcp or http[:PATH], got '" + text + "'");
  }
}
