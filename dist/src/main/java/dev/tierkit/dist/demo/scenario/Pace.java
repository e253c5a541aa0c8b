package dev.tierkit.dist.demo.scenario;

import java.time.Duration;

/**
 * How long the scenarios watch: {@code settle} before breaking anything (the baseline) and after
 * repairing it, {@code observe} while it is broken. Waiting for the system to react (an ejection, a
 * DNS move, a drain) is not paced: the scenarios wait for that to happen, up to a bound, since how
 * long it takes is what they measure.
 *
 * @param settle the quiet window before and after a failure
 * @param observe how long a failure lasts before it is repaired
 * @param dnsCacheCap the longest the simulated users keep a DNS answer
 */
public record Pace(Duration settle, Duration observe, Duration dnsCacheCap) {
  /** The pace of {@code tierkit demo --tour}: seconds a person can follow. */
  public static final Pace STANDARD =
      new Pace(Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(30));

  /** {@code --brief}: the same claims, checked over shorter windows. */
  public static final Pace BRIEF =
      new Pace(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(2));
}
