package dev.tierkit.bench.cache;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.CaffeineStore;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.SlabStore;
import dev.tierkit.cache.store.StoreConfig;
import java.util.Locale;

/** Opens the store that serves an eviction policy, as the daemon does, for the benchmarks. */
final class Stores {
  private Stores() {}

  /** The policy named as on the command line ({@code lru}, {@code tinylfu}, {@code fifo}). */
  static EvictionPolicy policy(String name) {
    return EvictionPolicy.valueOf(name.toUpperCase(Locale.ROOT));
  }

  static CacheStore open(EvictionPolicy policy, long memoryBytes, CacheClock clock) {
    StoreConfig config = StoreConfig.ofMemory(memoryBytes).withEviction(policy);
    return switch (policy) {
      case TINYLFU -> new CaffeineStore(config, clock);
      case LRU, FIFO -> new SlabStore(config, clock);
    };
  }
}
