package dev.tierkit.cache;

import dev.tierkit.cache.store.StoreConfig;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * cache-server's settings, from its command line.
 *
 * @param address where the memcached listener binds ({@code -l}/{@code --bind}, {@code -p})
 * @param store the store's size and eviction ({@code -m -I -M --eviction --shards})
 */
public record CacheConfig(InetSocketAddress address, StoreConfig store) {
  public CacheConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(store, "store");
  }
}
