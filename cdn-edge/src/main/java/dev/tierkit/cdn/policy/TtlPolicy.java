package dev.tierkit.cdn.policy;

/**
 * The edge's own TTL settings, applied on top of what the origin says.
 *
 * <p>Defaults ({@link #DEFAULTS}): a response with no explicit freshness and no Last-Modified lives
 * {@code 120 s} (Varnish's {@code default_ttl}); every lifetime, explicit or heuristic, is clamped
 * to {@code [0, 1 year]} (like Varnish's and ATS's min/max TTL, which override the origin too); no
 * grace beyond the origin's own {@code stale-if-error}; the Last-Modified heuristic takes 10% of
 * the response's age at the origin (RFC 9111 §4.2.2).
 *
 * @param defaultTtlMillis lifetime when the response has neither explicit freshness nor
 *     Last-Modified ({@code --default-ttl})
 * @param minTtlMillis the smallest lifetime a storable response gets ({@code --min-ttl})
 * @param maxTtlMillis the largest lifetime a response gets ({@code --max-ttl}); at least {@code
 *     minTtlMillis}
 * @param graceMillis how long past freshness a response may be served when the origin fails, at
 *     least; the origin's longer {@code stale-if-error} wins ({@code --grace})
 * @param heuristicFraction share of (Date - Last-Modified) used as a heuristic lifetime, in [0, 1]
 */
public record TtlPolicy(
    long defaultTtlMillis,
    long minTtlMillis,
    long maxTtlMillis,
    long graceMillis,
    double heuristicFraction) {
  /** 120 s default, [0, 1 year] clamps, no grace, 10% heuristic. */
  public static final TtlPolicy DEFAULTS =
      new TtlPolicy(120_000L, 0L, 365L * 24 * 3600 * 1000, 0L, 0.1);

  public TtlPolicy {
    if (defaultTtlMillis < 0) {
      throw new IllegalArgumentException("--default-ttl must be >= 0, got " + defaultTtlMillis);
    }
    if (minTtlMillis < 0) {
      throw new IllegalArgumentException("--min-ttl must be >= 0, got " + minTtlMillis);
    }
    if (maxTtlMillis < minTtlMillis) {
      throw new IllegalArgumentException(
          "--max-ttl must be >= --min-ttl (" + minTtlMillis + " ms), got " + maxTtlMillis);
    }
    if (graceMillis < 0) {
      throw new IllegalArgumentException("--grace must be >= 0, got " + graceMillis);
    }
    if (!(heuristicFraction >= 0 && heuristicFraction <= 1)) {
      throw new IllegalArgumentException(
          "heuristic fraction must be in [0, 1], got " + heuristicFraction);
    }
  }

  /** {@code lifetimeMillis} clamped to [min, max]. */
  public long clamp(long lifetimeMillis) {
    return Math.max(minTtlMillis, Math.min(maxTtlMillis, lifetimeMillis));
  }
}
