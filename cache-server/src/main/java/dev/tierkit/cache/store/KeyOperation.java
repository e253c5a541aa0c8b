package dev.tierkit.cache.store;

/**
 * Work done on one key while the store holds that key's lock; see {@link CacheStore#apply}.
 *
 * @param <T> what the operation returns
 */
@FunctionalInterface
public interface KeyOperation<T> {
  T apply(Cursor cursor);
}
