package dev.tierkit.cache.store;

/**
 * A memory-bounded key-value store with memcached's item model, safe for use from any thread.
 *
 * <p>Every operation on a key runs through {@link #apply}, which holds that key's shard lock while
 * the operation reads and writes the item, so a read-modify-write (cas, append, incr, meta
 * invalidation) is atomic, and a hit can copy the value straight from store memory into an outbound
 * buffer without an intermediate copy.
 *
 * <p>Keys are 1 to 250 bytes of any value (the protocol layer enforces memcached's text rules).
 */
public interface CacheStore extends AutoCloseable {
  /** Creates the store {@code config} describes: slabs for lru and fifo, Caffeine for tinylfu. */
  static CacheStore create(StoreConfig config, CacheClock clock) {
    return switch (config.eviction()) {
      case LRU, FIFO -> new SlabStore(config, clock);
      case TINYLFU -> new CaffeineStore(config, clock);
    };
  }

  /**
   * Runs {@code operation} on {@code key} with the key's lock held and returns its result. The
   * operation must not call back into the store for another key.
   */
  <T> T apply(byte[] key, KeyOperation<T> operation);

  /**
   * Invalidates every item stored up to now ({@code delaySeconds} 0) or, with a delay, every item
   * stored before {@code now + delaySeconds} once that time has come: memcached's {@code
   * flush_all}. Memory is reclaimed lazily.
   */
  void flushAll(long delaySeconds);

  /**
   * Reclaims up to {@code maxItems} expired or flushed items, resuming where the previous call
   * stopped; returns how many it reclaimed. Called from a background thread, never an event loop.
   */
  int sweep(int maxItems);

  /** A snapshot of the counters, for {@code stats}, {@code stats items} and {@code stats slabs}. */
  StoreStats stats();

  /** The configuration the store runs with. */
  StoreConfig config();

  /** Releases the store's memory. */
  @Override
  void close();
}
