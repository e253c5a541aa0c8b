package dev.tierkit.cache.store;

/** How the store picks what to evict when memory is full ({@code --eviction}). */
public enum EvictionPolicy {
  /** Segmented LRU with lazy promotion, as memcached does: a hit takes no global lock. */
  LRU,
  /** Caffeine's W-TinyLFU, weighted by item bytes. */
  TINYLFU,
  /** First in, first out: hits do not matter. */
  FIFO
}
