package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.ManualClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * spymemcached and xmemcached, text protocol, against a cache-server with the tinylfu store on
 * every transport here.
 */
class RealClientTest {
  static List<Transport> transports() {
    return Transport.available();
  }

  private static RunningDaemon start(Transport transport) throws Exception {
    RuntimeConfig runtime =
        new RuntimeConfig(TransportChoice.valueOf(transport.name()), 1, Duration.ofSeconds(5), 100);
    return TestCaches.start(
        runtime,
        StoreConfig.ofMemory(64 << 20).withEviction(EvictionPolicy.TINYLFU),
        new ManualClock());
  }

  private static InetSocketAddress address(RunningDaemon daemon) {
    return new InetSocketAddress("127.0.0.1", daemon.listener(CacheServer.LISTENER).port());
  }

  @ParameterizedTest
  @MethodSource("transports")
  void spymemcachedRoundTrips(Transport transport) throws Exception {
    try (RunningDaemon daemon = start(transport)) {
      net.spy.memcached.MemcachedClient client =
          new net.spy.memcached.MemcachedClient(address(daemon));
      try {
        assertThat(client.set("a", 0, "alpha").get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.get("a")).isEqualTo("alpha");
        assertThat(client.add("a", 0, "other").get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(client.append(0, "a", "+").get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.prepend(0, "a", "-").get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.get("a")).isEqualTo("-alpha+");
        CASValue<Object> gets = client.gets("a");
        assertThat(client.cas("a", gets.getCas(), "beta")).isEqualTo(CASResponse.OK);
        assertThat(client.cas("a", gets.getCas(), "gamma")).isEqualTo(CASResponse.EXISTS);
        assertThat(client.set("n", 0, "10").get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.incr("n", 5)).isEqualTo(15);
        assertThat(client.decr("n", 20)).isZero();
        assertThat(client.incr("missing", 1)).isEqualTo(-1);
        assertThat(client.set("i", 0, 42).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.get("i")).isEqualTo(42);
        Map<String, Object> bulk = client.getBulk("a", "i", "nope");
        assertThat(bulk).containsOnlyKeys("a", "i");
        assertThat(client.touch("a", 100).get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.delete("a").get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.delete("a").get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(client.getVersions().values()).containsExactly("1.6.21-tierkit");
        assertThat(client.getStats().values().iterator().next()).containsKeys("cmd_get", "pid");
        assertThat(client.flush().get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(client.get("i")).isNull();
      } finally {
        client.shutdown(5, TimeUnit.SECONDS);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void xmemcachedRoundTrips(Transport transport) throws Exception {
    try (RunningDaemon daemon = start(transport)) {
      String address = "127.0.0.1:" + address(daemon).getPort();
      MemcachedClient client = new XMemcachedClientBuilder(address).build();
      try {
        assertThat(client.set("a", 0, "alpha")).isTrue();
        assertThat(client.<String>get("a")).isEqualTo("alpha");
        assertThat(client.add("a", 0, "other")).isFalse();
        assertThat(client.replace("a", 0, "beta")).isTrue();
        GetsResponse<String> gets = client.gets("a");
        assertThat(client.cas("a", 0, "gamma", gets.getCas())).isTrue();
        assertThat(client.cas("a", 0, "delta", gets.getCas())).isFalse();
        assertThat(client.<String>get("a")).isEqualTo("gamma");
        assertThat(client.incr("counter", 5, 1)).isEqualTo(1);
        assertThat(client.incr("counter", 5, 1)).isEqualTo(6);
        assertThat(client.decr("counter", 2)).isEqualTo(4);
        assertThat(client.touch("a", 100)).isTrue();
        Map<String, Object> multi = client.get(List.of("a", "counter", "nope"));
        assertThat(multi).containsOnlyKeys("a", "counter");
        assertThat(client.delete("a")).isTrue();
        assertThat(client.<String>get("a")).isNull();
        assertThat(client.getVersions().values()).containsExactly("1.6.21-tierkit");
        assertThat(client.getStats().values().iterator().next()).containsKey("curr_items");
        client.flushAll();
        assertThat(client.<Object>get("counter")).isNull();
      } finally {
        client.shutdown();
      }
    }
  }
}
