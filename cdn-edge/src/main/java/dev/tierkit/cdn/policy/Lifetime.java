package dev.tierkit.cdn.policy;

/**
 * How long a stored response stays usable, from the moment it was received, as computed by the
 * freshness rules.
 *
 * @param freshMillis the freshness lifetime (RFC 9111 §4.2.1) after the TTL clamps; 0 for a
 *     response that must be revalidated before every use
 * @param initialAgeMillis the corrected initial age (RFC 9111 §4.2.3) at the response time
 * @param staleWhileRevalidateMillis how long past freshness it may be served while it is refreshed
 *     in the background (RFC 5861 §3); 0 for none
 * @param staleIfErrorMillis how long past freshness it may be served when the origin fails (RFC
 *     5861 §4, or the configured grace, whichever is longer); 0 for none
 * @param mustRevalidate {@code must-revalidate} or {@code proxy-revalidate} (or {@code s-maxage}):
 *     never served stale, whatever the other fields say
 * @param noCache {@code no-cache} without field names: stored, but revalidated before every use
 */
public record Lifetime(
    long freshMillis,
    long initialAgeMillis,
    long staleWhileRevalidateMillis,
    long staleIfErrorMillis,
    boolean mustRevalidate,
    boolean noCache) {
  public Lifetime {
    if (freshMillis < 0 || initialAgeMillis < 0) {
      throw new IllegalArgumentException(
          "freshMillis and initialAgeMillis must be >= 0, got "
              + freshMillis
              + " and "
              + initialAgeMillis);
    }
    if (staleWhileRevalidateMillis < 0 || staleIfErrorMillis < 0) {
      throw new IllegalArgumentException("stale windows must be >= 0");
    }
  }
}
