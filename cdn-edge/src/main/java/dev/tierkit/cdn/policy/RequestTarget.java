package dev.tierkit.cdn.policy;

/**
 * A request's cache identity, as {@link CacheKeys#target} normalises it.
 *
 * @param host lower case, default port removed, IPv6 brackets kept; "" when the request had none
 * @param path the path exactly as sent (not decoded), without the query
 * @param query the query after the key policy, without {@code ?}; "" when none
 * @param primaryKey {@code scheme://host path[?query]}: the key without Vary
 */
public record RequestTarget(String host, String path, String query, String primaryKey) {}
