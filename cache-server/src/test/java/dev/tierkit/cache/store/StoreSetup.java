package dev.tierkit.cache.store;

import java.util.stream.Stream;

/** One cell of the configuration matrix the store tests run over. */
record StoreSetup(EvictionPolicy policy, int shards) {
  static Stream<StoreSetup> matrix() {
    return Stream.of(
        new StoreSetup(EvictionPolicy.LRU, 1),
        new StoreSetup(EvictionPolicy.LRU, 16),
        new StoreSetup(EvictionPolicy.FIFO, 1),
        new StoreSetup(EvictionPolicy.FIFO, 16));
  }

  StoreConfig config(long memoryBytes, int maxItemSize, boolean evictionEnabled) {
    return new StoreConfig(memoryBytes, maxItemSize, policy, evictionEnabled, shards);
  }

  SlabStore store(long memoryBytes, CacheClock clock) {
    return store(memoryBytes, StoreConfig.DEFAULT_MAX_ITEM_SIZE, clock);
  }

  SlabStore store(long memoryBytes, int maxItemSize, CacheClock clock) {
    return new SlabStore(config(memoryBytes, maxItemSize, true), clock);
  }

  @Override
  public String toString() {
    return policy + "/" + shards + " shards";
  }
}
