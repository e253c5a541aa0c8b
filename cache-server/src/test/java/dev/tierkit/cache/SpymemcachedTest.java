package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.testing.DaemonExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every text command through spymemcached, the Java client most deployments use. */
class SpymemcachedTest {
  static final AtomicLong now = new AtomicLong(1_800_000_000L);

  @RegisterExtension static final DaemonExtension cache = TestCaches.daemon(now::get);

  static MemcachedClient client;
  static MemcachedClient other;

  @BeforeAll
  static void connect() throws Exception {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", cache.port("memcached"));
    ConnectionFactoryBuilder factory =
        new ConnectionFactoryBuilder()
            .setOpTimeout(5_000)
            .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT);
    client = new MemcachedClient(factory.build(), List.of(address));
    other = new MemcachedClient(factory.build(), List.of(address));
  }

  @AfterAll
  static void disconnect() {
    client.shutdown(5, TimeUnit.SECONDS);
    other.shutdown(5, TimeUnit.SECONDS);
  }

  @Test
  void setThenGetReturnsTheValue() throws Exception {
    assertThat(client.set("spy:a", 0, "alpha").get()).isTrue();
    assertThat(client.get("spy:a")).isEqualTo("alpha");
  }

  @Test
  void missingKeyIsNull() {
    assertThat(client.get("spy:never-set")).isNull();
  }

  @Test
  void addOnlyStoresAbsentKeys() throws Exception {
    assertThat(client.add("spy:add", 0, "first").get()).isTrue();
    assertThat(client.add("spy:add", 0, "second").get()).isFalse();
    assertThat(client.get("spy:add")).isEqualTo("first");
  }

  @Test
  void replaceOnlyStoresPresentKeys() throws Exception {
    assertThat(client.replace("spy:replace", 0, "x").get()).isFalse();
    client.set("spy:replace", 0, "x").get();
    assertThat(client.replace("spy:replace", 0, "y").get()).isTrue();
    assertThat(client.get("spy:replace")).isEqualTo("y");
  }

  @Test
  void appendAndPrependConcatenate() throws Exception {
    client.set("spy:concat", 0, "mid").get();
    assertThat(client.append(0, "spy:concat", ">").get()).isTrue();
    assertThat(client.prepend(0, "spy:concat", "<").get()).isTrue();
    assertThat(client.get("spy:concat")).isEqualTo("<mid>");
    assertThat(client.append(0, "spy:concat-missing", "x").get()).isFalse();
  }

  @Test
  void casSucceedsOnlyWithTheCurrentValue() throws Exception {
    client.set("spy:cas", 0, "v1").get();
    CASValue<Object> seen = client.gets("spy:cas");
    assertThat(seen.getValue()).isEqualTo("v1");
    assertThat(client.cas("spy:cas", seen.getCas(), "v2")).isEqualTo(CASResponse.OK);
    assertThat(client.cas("spy:cas", seen.getCas(), "v3")).isEqualTo(CASResponse.EXISTS);
    assertThat(client.cas("spy:cas-missing", 1, "v")).isEqualTo(CASResponse.NOT_FOUND);
    assertThat(client.get("spy:cas")).isEqualTo("v2");
  }

  @Test
  void casRaceBetweenTwoClientsHasOneWinner() throws Exception {
    client.set("spy:race", 0, "0").get();
    CASValue<Object> mine = client.gets("spy:race");
    CASValue<Object> theirs = other.gets("spy:race");
    assertThat(mine.getCas()).isEqualTo(theirs.getCas());
    CASResponse first = other.cas("spy:race", theirs.getCas(), "theirs");
    CASResponse second = client.cas("spy:race", mine.getCas(), "mine");
    assertThat(first).isEqualTo(CASResponse.OK);
    assertThat(second).isEqualTo(CASResponse.EXISTS);
    assertThat(client.get("spy:race")).isEqualTo("theirs");
  }

  @Test
  void deleteRemoves() throws Exception {
    client.set("spy:del", 0, "x").get();
    assertThat(client.delete("spy:del").get()).isTrue();
    assertThat(client.delete("spy:del").get()).isFalse();
    assertThat(client.get("spy:del")).isNull();
  }

  @Test
  void incrAndDecrFollowMemcachedArithmetic() throws Exception {
    client.set("spy:n", 0, "10").get();
    assertThat(client.incr("spy:n", 5)).isEqualTo(15);
    assertThat(client.decr("spy:n", 100)).isZero();
    client.set("spy:max", 0, "18446744073709551615").get();
    assertThat(client.incr("spy:max", 2)).isEqualTo(1);
    assertThat(client.incr("spy:n-missing", 1)).isEqualTo(-1);
    assertThat(client.incr("spy:n-default", 1, 42)).isEqualTo(42);
  }

  @Test
  void decrToAShorterNumberKeepsTheLengthWithSpaces() throws Exception {
    client.set("spy:pad", 0, "100").get();
    assertThat(client.decr("spy:pad", 91)).isEqualTo(9);
    assertThat(client.get("spy:pad")).isEqualTo("9  ");
  }

  @Test
  void expiredItemsAreGone() throws Exception {
    client.set("spy:ttl", 10, "short").get();
    assertThat(client.get("spy:ttl")).isEqualTo("short");
    now.addAndGet(11);
    assertThat(client.get("spy:ttl")).isNull();
  }

  @Test
  void touchExtendsLife() throws Exception {
    client.set("spy:touch", 10, "t").get();
    assertThat(client.touch("spy:touch", 100).get()).isTrue();
    now.addAndGet(50);
    assertThat(client.get("spy:touch")).isEqualTo("t");
    assertThat(client.touch("spy:touch-missing", 10).get()).isFalse();
  }

  @Test
  void flushWithDelayTakesEffectLater() throws Exception {
    client.set("spy:flush", 0, "kept").get();
    assertThat(client.flush(5).get()).isTrue();
    assertThat(client.get("spy:flush")).isEqualTo("kept");
    now.addAndGet(5);
    assertThat(client.get("spy:flush")).isNull();
    assertThat(client.set("spy:after-flush", 0, "new").get()).isTrue();
    assertThat(client.get("spy:after-flush")).isEqualTo("new");
  }

  @Test
  void multiGetOfAHundredKeysReturnsEveryOne() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      keys.add("spy:multi:" + i);
      client.set("spy:multi:" + i, 0, "value-" + i);
    }
    client.set("spy:multi:sync", 0, "").get();
    Map<String, Object> values = client.getBulk(keys);
    assertThat(values).hasSize(100);
    assertThat(values.get("spy:multi:42")).isEqualTo("value-42");
  }

  @Test
  void emptyAndLargeValuesRoundTrip() throws Exception {
    assertThat(client.set("spy:empty", 0, "").get()).isTrue();
    assertThat(client.get("spy:empty")).isEqualTo("");
    // Random bytes: spymemcached compresses values over 16 KiB, and these must not shrink.
    Random random = new Random(42);
    byte[] large = new byte[StoreConfig.DEFAULT_MAX_ITEM_SIZE - 512];
    random.nextBytes(large);
    assertThat(client.set("spy:large", 0, large).get()).isTrue();
    assertThat((byte[]) client.get("spy:large")).isEqualTo(large);
    byte[] tooLarge = new byte[StoreConfig.DEFAULT_MAX_ITEM_SIZE];
    random.nextBytes(tooLarge);
    assertThatThrownBy(() -> client.set("spy:too-large", 0, tooLarge).get())
        .hasMessageContaining("SERVER_ERROR object too large for cache");
    assertThat(client.get("spy:large")).isNotNull();
  }

  @Test
  void statsSettingsNamesEachSettingOnce() throws Exception {
    List<String> names = new ArrayList<>();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", cache.port("memcached"))) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write("stats settings\r\n".getBytes(StandardCharsets.US_ASCII));
      java.io.BufferedReader reader =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (String line = reader.readLine(); !"END".equals(line); line = reader.readLine()) {
        assertThat(line).startsWith("STAT ");
        names.add(line.split(" ")[1]);
      }
    }
    assertThat(names)
        .doesNotHaveDuplicates()
        .contains("maxbytes", "maxconns", "tcpport", "num_threads", "item_size_max");
  }

  @Test
  void statsUseMemcachedNames() {
    Map<String, String> stats = client.getStats().values().iterator().next();
    assertThat(stats)
        .containsKeys(
            "pid",
            "uptime",
            "time",
            "version",
            "curr_items",
            "total_items",
            "bytes",
            "curr_connections",
            "total_connections",
            "get_hits",
            "get_misses",
            "cmd_get",
            "cmd_set",
            "evictions",
            "limit_maxbytes",
            "threads");
    assertThat(stats.get("limit_maxbytes")).isEqualTo(Long.toString(64L << 20));
    // this test's two clients are connected
    assertThat(Long.parseLong(stats.get("curr_connections"))).isGreaterThanOrEqualTo(2);
    assertThat(Long.parseLong(stats.get("total_connections"))).isGreaterThanOrEqualTo(2);
    assertThat(client.getVersions().values().iterator().next()).startsWith("1.6");
  }
}
