package dev.tierkit.cache.store;

/**
 * The store's notion of now, in whole Unix seconds (memcached's resolution). Tests pass a clock
 * they can move; daemons use {@link #system()}.
 */
@FunctionalInterface
public interface CacheClock {
  /** Seconds since the Unix epoch. */
  long nowSeconds();

  /** The wall clock. */
  static CacheClock system() {
    return () -> System.currentTimeMillis() / 1000;
  }
}
