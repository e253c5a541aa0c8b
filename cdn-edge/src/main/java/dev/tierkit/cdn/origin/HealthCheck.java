package dev.tierkit.cdn.origin;

import java.time.Duration;

/**
 * How origins are checked: {@code GET path} every {@code interval}, passing on a 2xx or 3xx within
 * {@code timeout}; {@code fall} failures in a row take an origin down, {@code rise} passes bring it
 * back. {@code interval} of zero turns checks off (origins are then always healthy, and only a
 * failed fetch moves on to the next one).
 *
 * @param path the request target, from {@code /}
 * @param interval time between the starts of two checks of one origin (default 2 s)
 * @param timeout connect plus response head (default 1 s)
 * @param rise passes in a row to come up (default 2)
 * @param fall failures in a row to go down (default 3)
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int rise, int fall) {
  /** Checks of {@code /} every 2 s, 1 s timeout, rise 2, fall 3 (HAProxy's defaults). */
  public static final HealthCheck DEFAULTS =
      new HealthCheck("/", Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3);

  public HealthCheck {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("--health-path must start with /, got " + path);
    }
    if (interval.isNegative()) {
      throw new IllegalArgumentException("--health-interval must be >= 0, got " + interval);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--health-timeout must be > 0, got " + timeout);
    }
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException(
          "--health-rise and --health-fall must be >= 1, got " + rise + " and " + fall);
    }
  }

  public boolean enabled() {
    return !interval.isZero();
  }
}
