package dev.tierkit.cdn;

import dev.tierkit.cdn.origin.HealthCheck;
import dev.tierkit.cdn.origin.OriginAddress;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.policy.KeyPolicy;
import dev.tierkit.cdn.policy.TtlPolicy;
import dev.tierkit.cdn.store.StoreConfig;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.net.AddressList;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything cdn-edge runs with, validated; built by {@link CdnEdgeCommand} from its options.
 *
 * @param address the edge's HTTP listener
 * @param origins where misses are fetched from, in failover order
 * @param balance failover (default) or round-robin over the healthy origins
 * @param originHostHeader the Host sent to origins instead of the client's; null keeps the client's
 * @param health origin health checks
 * @param ttl freshness defaults and clamps
 * @param keys how cache keys are built from URLs
 * @param store memory and disk tiers
 * @param limits client request limits (line, headers, body)
 * @param purgeAllow networks whose PURGE requests on the edge port are obeyed without a token
 * @param purgeToken the bearer token that also allows a PURGE (the admin token); empty for none
 * @param connectTimeout origin connect timeout
 * @param originTimeout time allowed for an origin's response head, and between two reads of its
 *     body
 * @param clientIdleTimeout a keep-alive client connection idle this long is closed
 * @param coalesceWait how long a request waits behind another one's fetch for the same object
 *     before it fetches on its own
 * @param hitForPass how long a URL whose response was not storable bypasses coalescing
 * @param maxRanges most ranges answered in one request; more get the whole object
 * @param maxOriginHeaderBytes largest origin response header block
 * @param viaName the pseudonym in {@code Via} and {@code Cache-Status}
 */
public record CdnConfig(
    InetSocketAddress address,
    List<OriginAddress> origins,
    OriginSet.Balance balance,
    String originHostHeader,
    HealthCheck health,
    TtlPolicy ttl,
    KeyPolicy keys,
    StoreConfig store,
    HttpLimits limits,
    AddressList purgeAllow,
    Optional<String> purgeToken,
    Duration connectTimeout,
    Duration originTimeout,
    Duration clientIdleTimeout,
    Duration coalesceWait,
    Duration hitForPass,
    int maxRanges,
    int maxOriginHeaderBytes,
    String viaName) {
  public CdnConfig {
    Objects.requireNonNull(address, "address");
    origins = List.copyOf(origins);
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("--origin is required: at least one origin URL");
    }
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(purgeAllow, "purgeAllow");
    Objects.requireNonNull(purgeToken, "purgeToken");
    positive("--connect-timeout", connectTimeout);
    positive("--origin-timeout", originTimeout);
    positive("--idle-timeout", clientIdleTimeout);
    positive("--coalesce-wait", coalesceWait);
    if (hitForPass.isNegative()) {
      throw new IllegalArgumentException("--hit-for-pass must be >= 0, got " + hitForPass);
    }
    if (maxRanges < 1) {
      throw new IllegalArgumentException("--max-ranges must be >= 1, got " + maxRanges);
    }
    if (maxOriginHeaderBytes < 1024) {
      throw new IllegalArgumentException(
          "--max-origin-header-size must be >= 1024, got " + maxOriginHeaderBytes);
    }
    if (viaName == null || !viaName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "--via-name must be letters, digits, '.', '_' or '-', got " + viaName);
    }
  }

  private static void positive(String option, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be > 0, got " + d);
    }
  }
}
