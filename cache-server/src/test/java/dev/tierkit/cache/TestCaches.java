package dev.tierkit.cache;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.testing.DaemonExtension;
import java.net.InetSocketAddress;

/** A real cache-server per test class: 64 MB, loopback, port 0, on the given clock. */
final class TestCaches {
  private TestCaches() {}

  static DaemonExtension daemon(CacheClock clock) {
    return new DaemonExtension(
        "cache-server",
        context ->
            CacheServer.start(
                context,
                new CacheConfig(
                    new InetSocketAddress("127.0.0.1", 0), StoreConfig.ofMemory(64L << 20)),
                clock));
  }
}
