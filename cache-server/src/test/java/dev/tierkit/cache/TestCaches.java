package dev.tierkit.cache;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.DaemonExtension;
import java.net.InetSocketAddress;

/** Real cache-servers for tests: loopback, port 0, started as the command starts them. */
final class TestCaches {
  private TestCaches() {}

  /** A cache-server on {@code runtime} over {@code store}; the caller closes it. */
  static RunningDaemon start(RuntimeConfig runtime, StoreConfig store, CacheClock clock)
      throws Exception {
    return new DaemonLauncher("cache-server", runtime, AdminConfig.loopbackAnyPort())
        .start(
            context ->
                CacheServer.start(
                    context, new CacheConfig(new InetSocketAddress("127.0.0.1", 0), store), clock));
  }

  /** A 64 MB cache-server per test class, on {@code clock}. */
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
