package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonExtension;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.utils.AddrUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The text protocol through xmemcached: noreply pipelines, flush_all, CAS, touch, multi-get. */
class XmemcachedTest {
  static final AtomicLong now = new AtomicLong(1_800_000_000L);

  @RegisterExtension static final DaemonExtension cache = TestCaches.daemon(now::get);

  static MemcachedClient client;

  @BeforeAll
  static void connect() throws Exception {
    XMemcachedClientBuilder builder =
        new XMemcachedClientBuilder(AddrUtil.getAddresses("127.0.0.1:" + cache.port("memcached")));
    builder.setOpTimeout(5_000);
    client = builder.build();
  }

  @AfterAll
  static void disconnect() throws Exception {
    client.shutdown();
  }

  @Test
  void setGetDelete() throws Exception {
    assertThat(client.set("x:a", 0, "alpha")).isTrue();
    assertThat(client.<String>get("x:a")).isEqualTo("alpha");
    assertThat(client.delete("x:a")).isTrue();
    assertThat(client.<String>get("x:a")).isNull();
  }

  @Test
  void noreplyPipelineIsAppliedInOrder() throws Exception {
    for (int i = 0; i < 1000; i++) {
      client.setWithNoReply("x:noreply", 0, Integer.toString(i));
    }
    client.deleteWithNoReply("x:noreply-gone");
    client.incrWithNoReply("x:noreply-missing", 1);
    assertThat(client.<String>get("x:noreply")).isEqualTo("999");
  }

  // xmemcached's flushAll(delay, timeout) times out against memcached 1.6.18 too (checked), so the
  // delayed flush is tested through spymemcached; this is the plain one.
  @Test
  void flushAllEmptiesTheCache() throws Exception {
    client.set("x:flush", 0, "gone");
    client.flushAll();
    assertThat(client.<String>get("x:flush")).isNull();
    assertThat(client.set("x:after-flush", 0, "new")).isTrue();
    assertThat(client.<String>get("x:after-flush")).isEqualTo("new");
  }

  @Test
  void casWithGetsToken() throws Exception {
    client.set("x:cas", 0, "1");
    GetsResponse<String> gets = client.gets("x:cas");
    assertThat(client.cas("x:cas", 0, "2", gets.getCas())).isTrue();
    assertThat(client.cas("x:cas", 0, "3", gets.getCas())).isFalse();
    assertThat(client.<String>get("x:cas")).isEqualTo("2");
  }

  @Test
  void incrDecrAndTouch() throws Exception {
    assertThat(client.incr("x:counter", 1, 10)).isEqualTo(10);
    assertThat(client.incr("x:counter", 5)).isEqualTo(15);
    assertThat(client.decr("x:counter", 20)).isZero();
    assertThat(client.touch("x:counter", 100)).isTrue();
    assertThat(client.touch("x:counter-missing", 100)).isFalse();
  }

  @Test
  void multiGetOfAHundredKeys() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("x:multi:" + i);
      client.set("x:multi:" + i, 0, "v" + i);
    }
    Map<String, String> values = client.get(keys);
    assertThat(values).hasSize(100).containsEntry("x:multi:7", "v7");
  }

  @Test
  void appendPrependAddReplace() throws Exception {
    assertThat(client.add("x:apr", 0, "b")).isTrue();
    assertThat(client.add("x:apr", 0, "z")).isFalse();
    assertThat(client.append("x:apr", "c")).isTrue();
    assertThat(client.prepend("x:apr", "a")).isTrue();
    assertThat(client.<String>get("x:apr")).isEqualTo("abc");
    assertThat(client.replace("x:apr-missing", 0, "q")).isFalse();
  }

  @Test
  void statsAndVersion() throws Exception {
    Map<InetSocketAddress, Map<String, String>> stats = client.getStats();
    assertThat(stats.values().iterator().next()).containsKeys("curr_items", "cmd_get", "version");
    assertThat(client.getVersions().values().iterator().next()).startsWith("1.6");
  }
}
