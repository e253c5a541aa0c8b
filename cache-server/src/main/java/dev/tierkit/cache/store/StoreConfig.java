package dev.tierkit.cache.store;

import java.util.Objects;

/**
 * How a store is sized and evicts.
 *
 * @param memoryBytes the bound on item memory (keys, values, per-item overhead), {@code -m}
 * @param maxItemSize the largest item (key + value + overhead) accepted, {@code -I} (default 1 MiB)
 * @param eviction the eviction policy (default {@link EvictionPolicy#LRU})
 * @param evictionEnabled false ({@code -M}) makes a full store refuse writes instead of evicting
 * @param shards number of independently locked shards, a power of two (default 16)
 */
public record StoreConfig(
    long memoryBytes,
    int maxItemSize,
    EvictionPolicy eviction,
    boolean evictionEnabled,
    int shards) {
  /** Default for {@code -I}. */
  public static final int DEFAULT_MAX_ITEM_SIZE = 1 << 20;

  /** Default shard count. */
  public static final int DEFAULT_SHARDS = 16;

  public StoreConfig {
    Objects.requireNonNull(eviction, "eviction");
    if (memoryBytes < 1 << 20) {
      throw new IllegalArgumentException(
          "--memory-mb must be at least 1 (1048576 bytes), got " + memoryBytes + " bytes");
    }
    if (maxItemSize < 1024 || maxItemSize > 1 << 30) {
      throw new IllegalArgumentException(
          "--max-item-size must be between 1k and 1g, got " + maxItemSize + " bytes");
    }
    if (maxItemSize > memoryBytes / 2) {
      throw new IllegalArgumentException(
          "--max-item-size ("
              + maxItemSize
              + " bytes) must be at most half of --memory-mb ("
              + memoryBytes
              + " bytes)");
    }
    if (shards < 1 || shards > 1024 || Integer.bitCount(shards) != 1) {
      throw new IllegalArgumentException(
          "shards must be a power of two between 1 and 1024, got " + shards);
    }
  }

  /** A store of {@code memoryBytes} with every other setting at its default. */
  public static StoreConfig ofMemory(long memoryBytes) {
    return new StoreConfig(
        memoryBytes, DEFAULT_MAX_ITEM_SIZE, EvictionPolicy.LRU, true, DEFAULT_SHARDS);
  }

  /** This configuration with another eviction policy. */
  public StoreConfig withEviction(EvictionPolicy policy) {
    return new StoreConfig(memoryBytes, maxItemSize, policy, evictionEnabled, shards);
  }
}
