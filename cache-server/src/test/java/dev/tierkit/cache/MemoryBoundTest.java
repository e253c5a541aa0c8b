package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.cache.store.StoreStats;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Filling the cache far beyond {@code -m}: accounted memory never passes the limit, writes keep
 * succeeding through eviction, and the process heap grows by about the limit, not by what was
 * written.
 */
class MemoryBoundTest {
  private static final long LIMIT = 8L << 20;

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void fillingFarBeyondTheLimitEvictsAndStaysBounded(EvictionPolicy policy) throws Exception {
    System.gc();
    long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    StoreConfig store = StoreConfig.ofMemory(LIMIT).withEviction(policy);
    try (RunningDaemon daemon =
        TestCaches.start(RuntimeConfig.defaults(2), store, CacheClock.system())) {
      CacheServer server = (CacheServer) daemon.daemon();
      InetSocketAddress address =
          new InetSocketAddress("127.0.0.1", daemon.listener("memcached").port());
      MemcachedClient client =
          new MemcachedClient(
              new ConnectionFactoryBuilder().setOpTimeout(10_000).build(), List.of(address));
      try {
        byte[] value = new byte[1000];
        long written = 0;
        String lastChecked = null;
        for (int i = 0; written < 8 * LIMIT; i++) {
          value[0] = (byte) i;
          if (i % 1000 == 999) {
            lastChecked = "fill:" + i;
            assertThat(client.set(lastChecked, 0, value).get()).isTrue();
            StoreStats stats = server.store().stats();
            assertThat(stats.memoryReserved()).isLessThanOrEqualTo(LIMIT);
            assertThat(stats.bytes()).isLessThanOrEqualTo(LIMIT);
          } else {
            client.set("fill:" + i, 0, value);
          }
          written += value.length;
        }
        if (policy != EvictionPolicy.TINYLFU) {
          // TinyLFU may refuse admission to a key written once, by design; the others keep it.
          assertThat(client.get(lastChecked)).isNotNull();
        }
        Map<String, String> stats = client.getStats().values().iterator().next();
        assertThat(Long.parseLong(stats.get("evictions"))).isPositive();
        assertThat(Long.parseLong(stats.get("bytes"))).isLessThanOrEqualTo(LIMIT);
        System.gc();
        long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        assertThat(heapAfter - heapBefore)
            .as("heap growth after writing %d MiB into an %d MiB cache", written >> 20, LIMIT >> 20)
            .isLessThan(6 * LIMIT);
      } finally {
        client.shutdown(5, TimeUnit.SECONDS);
      }
    }
  }
}
