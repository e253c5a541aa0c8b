package dev.tierkit.cache;

import dev.tierkit.cache.protocol.ProtocolConfig;
import dev.tierkit.cache.store.StoreConfig;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * cache-server's settings, from its command line.
 *
 * @param address where the memcached listener binds ({@code -l}/{@code --bind}, {@code -p})
 * @param store the store's size and eviction ({@code -m -I -M --eviction --shards})
 * @param protocol the protocol's limits ({@code --max-line-length --max-multiget-line}, and {@code
 *     -I} for the largest data block)
 */
public record CacheConfig(InetSocketAddress address, StoreConfig store, ProtocolConfig protocol) {
  public CacheConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(protocol, "protocol");
  }

  /** A cache on {@code address} over {@code store}, with the protocol's default limits and -I. */
  public CacheConfig(InetSocketAddress address, StoreConfig store) {
    this(address, store, ProtocolConfig.defaults().withMaxValueLength(store.maxItemSize()));
  }
}
