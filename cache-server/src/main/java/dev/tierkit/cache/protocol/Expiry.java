package dev.tierkit.cache.protocol;

/**
 * memcached's exptime rules: 0 never expires; up to 30 days is relative to now; larger is an
 * absolute Unix time; negative means already expired, so the item is stored invisible.
 */
final class Expiry {
  /** memcached's {@code REALTIME_MAXDELTA}: 30 days in seconds. */
  static final long MAX_RELATIVE = 60L * 60 * 24 * 30;

  private Expiry() {}

  /** The absolute expiry (Unix seconds, 0 for never) of {@code exptime} sent at {@code now}. */
  static long toAbsolute(long exptime, long now) {
    if (exptime == 0) {
      return 0;
    }
    if (exptime < 0) {
      return 1;
    }
    if (exptime <= MAX_RELATIVE) {
      return now + exptime;
    }
    return exptime;
  }

  /** Seconds left before {@code expiresAt}, -1 for never: meta's {@code t} flag. */
  static long remaining(long expiresAt, long now) {
    return expiresAt == 0 ? -1 : Math.max(0, expiresAt - now);
  }
}
