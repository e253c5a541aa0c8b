package dev.tierkit.cache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.transport.Transport;
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

/** spymemcached and xmemcached, text protocol, against the pipeline on every transport here. */
class RealClientTest {
  static List<Transport> transports() {
    return Transport.available();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void spymemcachedRoundTrips(Transport transport) throws Exception {
    try (LoopbackServer server = new LoopbackServer(transport)) {
      net.spy.memcached.MemcachedClient client =
          new net.spy.memcached.MemcachedClient(server.address());
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
    try (LoopbackServer server = new LoopbackServer(transport)) {
      String address = "127.0.0.1:" + server.address().getPort();
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
