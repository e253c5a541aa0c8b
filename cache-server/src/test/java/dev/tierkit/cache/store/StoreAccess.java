package dev.tierkit.cache.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Short forms of the cursor calls the store tests make over and over. */
final class StoreAccess {
  private StoreAccess() {}

  static byte[] key(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(int length, int seed) {
    byte[] value = new byte[length];
    for (int i = 0; i < length; i++) {
      value[i] = (byte) (seed * 31 + i);
    }
    return value;
  }

  static WriteStatus set(CacheStore store, String key, byte[] value) {
    return set(store, key, value, 0, 0);
  }

  static WriteStatus set(CacheStore store, String key, byte[] value, int flags, long expiresAt) {
    return store.apply(key(key), c -> c.write(flags, expiresAt, ValueSource.of(value), 0));
  }

  /** The value under {@code key}, or null; does not count as a fetch. */
  static byte[] peek(CacheStore store, String key) {
    return store.apply(key(key), StoreAccess::valueOf);
  }

  /** The value under {@code key}, or null, counted as a fetch. */
  static byte[] get(CacheStore store, String key) {
    return store.apply(
        key(key),
        c -> {
          if (!c.exists()) {
            return null;
          }
          c.recordAccess();
          return valueOf(c);
        });
  }

  static long cas(CacheStore store, String key) {
    return store.apply(key(key), c -> c.exists() ? c.cas() : 0L);
  }

  static byte[] valueOf(Cursor c) {
    if (!c.exists()) {
      return null;
    }
    return Arrays.copyOfRange(c.valueArray(), c.valueOffset(), c.valueOffset() + c.valueLength());
  }
}
