package dev.tierkit.cdn.policy;

import java.util.Set;

/**
 * How the query string takes part in the cache key.
 *
 * <p>Default ({@link #DEFAULT}): the query exactly as sent. Sorting makes {@code ?a=1&b=2} and
 * {@code ?b=2&a=1} one object (only safe when the origin ignores parameter order); ignored
 * parameters (tracking ones, typically) are dropped from the key, and from what is sent to the
 * origin only if the integrator chooses so.
 *
 * @param sortQuery sort parameters by name (stable: duplicates keep their order)
 * @param ignoredQueryParams parameter names dropped from the key, compared exactly (case sensitive,
 *     undecoded); a trailing {@code *} makes a prefix, e.g. {@code utm_*}
 */
public record KeyPolicy(boolean sortQuery, Set<String> ignoredQueryParams) {
  /** The query as sent: not sorted, nothing ignored. */
  public static final KeyPolicy DEFAULT = new KeyPolicy(false, Set.of());

  public KeyPolicy {
    ignoredQueryParams = Set.copyOf(ignoredQueryParams);
    for (String p : ignoredQueryParams) {
      if (p.isEmpty() || p.equals("*")) {
        throw new IllegalArgumentException(
            "ignored query parameter must be a name or a name prefix with '*', got '" + p + "'");
      }
    }
  }
}
