package dev.tierkit.cdn.store;

import dev.tierkit.cdn.policy.Lifetime;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Objects;

/**
 * A stored response and what the cache needs to reuse it. Immutable: a 304 refresh makes a new
 * object around the same body.
 *
 * @param primaryKey the cache key without Vary (see {@code policy.CacheKeys}); all variants of a
 *     URL share it, and a URL purge removes them together
 * @param host the request's host, lower case, without a default port: what host purges match
 * @param path the request's path without the query: what prefix purges match
 * @param varyNames the lower-case request header names the response's Vary lists, in its order;
 *     empty for none
 * @param variantKey the secondary key built from those request headers; "" when {@code varyNames}
 *     is empty
 * @param status the response status
 * @param headers the stored response headers, hop-by-hop fields and Age already removed; never
 *     changed once the object is built
 * @param body the full body
 * @param requestTimeMillis when the request that fetched it was sent (RFC 9111 §4.2.3 request_time)
 * @param responseTimeMillis when its response was received (response_time)
 * @param lifetime its freshness and stale windows
 * @param tags its surrogate keys (from the origin's Surrogate-Key field), for tag purges
 * @param storedGeneration the purge generation current when it was stored or last revalidated
 */
public record CachedObject(
    String primaryKey,
    String host,
    String path,
    List<String> varyNames,
    String variantKey,
    int status,
    HttpHeaders headers,
    StoredBody body,
    long requestTimeMillis,
    long responseTimeMillis,
    Lifetime lifetime,
    List<String> tags,
    long storedGeneration) {
  /** A rough per-object cost beyond the body and headers: the record, its lists and index entry. */
  static final int OVERHEAD = 256;

  public CachedObject {
    Objects.requireNonNull(primaryKey, "primaryKey");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    varyNames = List.copyOf(varyNames);
    Objects.requireNonNull(variantKey, "variantKey");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(lifetime, "lifetime");
    tags = List.copyOf(tags);
  }

  /** The current age in milliseconds at {@code nowMillis} (RFC 9111 §4.2.3). */
  public long ageMillis(long nowMillis) {
    return lifetime.initialAgeMillis() + Math.max(0, nowMillis - responseTimeMillis);
  }

  /** Whether it is fresh at {@code nowMillis}. */
  public boolean isFresh(long nowMillis) {
    return !lifetime.noCache() && ageMillis(nowMillis) < lifetime.freshMillis();
  }

  /**
   * The bytes it holds in memory, as the memory tier weighs it: body, headers and a fixed overhead.
   */
  public long weight() {
    long headerBytes = 0;
    for (var e : headers) {
      headerBytes += e.getKey().length() + e.getValue().length() + 32;
    }
    return body.length()
        + headerBytes
        + primaryKey.length() * 2L
        + variantKey.length() * 2L
        + OVERHEAD;
  }
}
