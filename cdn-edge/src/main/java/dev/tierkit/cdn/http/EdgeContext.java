package dev.tierkit.cdn.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tierkit.cdn.CdnConfig;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.policy.CacheKeys;
import dev.tierkit.cdn.purge.PurgeGenerations;
import dev.tierkit.cdn.store.ObjectStore;
import dev.tierkit.common.runtime.DaemonRuntime;
import io.netty.util.AsciiString;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What every client connection of one edge shares: its configuration, the store, the purge
 * generations, the origins, the fetches in flight (for coalescing) and the hit-for-pass marks.
 */
public final class EdgeContext {
  final CdnConfig config;
  final DaemonRuntime runtime;
  final ObjectStore store;
  final PurgeGenerations generations;
  final CacheKeys keys;
  final OriginSet origins;
  final EdgeMetrics metrics;
  final LongSupplier clock;
  final AsciiString via;

  /** Fetches in flight by primary key; a fetch removes itself when its response is complete. */
  final ConcurrentHashMap<String, Fetch> inFlight = new ConcurrentHashMap<>();

  /**
   * Primary keys whose last response could not be stored (Varnish's hit-for-pass): requests for
   * them go straight to the origin, each on its own, instead of queueing behind one fetch that will
   * not be shared. Bounded in entries so a crawler of unique uncacheable URLs cannot grow it.
   */
  final Cache<String, Boolean> hitForPass;

  public EdgeContext(
      CdnConfig config,
      DaemonRuntime runtime,
      ObjectStore store,
      PurgeGenerations generations,
      OriginSet origins,
      EdgeMetrics metrics,
      LongSupplier clock) {
    this.config = config;
    this.runtime = runtime;
    this.store = store;
    this.generations = generations;
    this.keys = new CacheKeys(config.keys());
    this.origins = origins;
    this.metrics = metrics;
    this.clock = clock;
    this.via = AsciiString.cached("1.1 " + config.viaName());
    this.hitForPass =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Math.max(1, config.hitForPass().toMillis()), TimeUnit.MILLISECONDS)
            .build();
  }

  public CacheKeys keys() {
    return keys;
  }
}
