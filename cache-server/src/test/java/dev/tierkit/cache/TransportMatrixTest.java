package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The memcached listener on every transport this machine runs: nio, epoll, io_uring. */
class TransportMatrixTest {
  static List<Transport> transports() {
    return Transport.available();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void setsAndMultiGetsOnEveryTransport(Transport transport) throws Exception {
    RuntimeConfig runtime =
        new RuntimeConfig(TransportChoice.valueOf(transport.name()), 2, Duration.ofSeconds(5), 100);
    try (RunningDaemon daemon =
        TestCaches.start(runtime, StoreConfig.ofMemory(16 << 20), CacheClock.system())) {
      assertThat(daemon.runtime().transport()).isEqualTo(transport);
      MemcachedClient client =
          new MemcachedClient(
              new ConnectionFactoryBuilder().setOpTimeout(5_000).build(),
              List.of(new InetSocketAddress("127.0.0.1", daemon.listener("memcached").port())));
      try {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          keys.add("t:" + i);
          client.set("t:" + i, 0, "v" + i);
        }
        assertThat(client.set("t:sync", 0, "x").get()).isTrue();
        Map<String, Object> values = client.getBulk(keys);
        assertThat(values).hasSize(200).containsEntry("t:199", "v199");
      } finally {
        client.shutdown(5, TimeUnit.SECONDS);
      }
    }
  }
}
