package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoutingTableConcurrencyTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  private static String keyFor(ExchangeType type, int i) {
    return switch (type) {
      case TOPIC -> (i % 3 == 0 ? "#" : i % 3 == 1 ? "k.*" : "k.x") + "." + (i % 7);
      default -> "k.x." + (i % 7);
    };
  }

  private static Map<String, Object> argsFor(ExchangeType type, int i) {
    return type == ExchangeType.HEADERS ? Map.of("x-match", "any", "n", (long) (i % 7)) : Map.of();
  }

  /**
   * Two routers read while a writer binds and unbinds other bindings: routes never fail, never lose
   * the untouched bindings, and see the final state once the writer is done.
   */
  @ParameterizedTest
  @EnumSource(ExchangeType.class)
  void routesWhileBindingFromAnotherThreadAndConvergesAfterwards(ExchangeType type)
      throws Exception {
    RoutingTable<Integer> table = RoutingTable.create(type);
    for (int i = 0; i < 50; i++) {
      table.bind(keyFor(type, i), argsFor(type, i), 1000 + i);
    }
    List<Integer> stable = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      if (i % 7 == 3 || type == ExchangeType.FANOUT) {
        stable.add(1000 + i);
      }
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong routes = new AtomicLong();
    CountDownLatch started = new CountDownLatch(2);
    List<Future<?>> routers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      routers.add(
          pool.submit(
              () -> {
                started.countDown();
                List<Integer> out = new ArrayList<>();
                while (writing.get()) {
                  out.clear();
                  table.route("k.x.3", Map.of("n", 3L), out);
                  assertThat(out).doesNotHaveDuplicates();
                  // bindings nobody touches are seen by every route, whatever else changes
                  assertThat(out).containsAll(stable);
                  routes.incrementAndGet();
                }
                return null;
              }));
    }
    started.await();
    Future<?> writer =
        pool.submit(
            () -> {
              for (int round = 0; round < 300; round++) {
                for (int i = 0; i < 20; i++) {
                  table.bind(keyFor(type, i), argsFor(type, i), i);
                }
                for (int i = 0; i < 20; i += 2) {
                  table.unbind(keyFor(type, i), argsFor(type, i), i);
                }
                if (round % 10 == 0) {
                  for (int i = 1; i < 20; i += 2) {
                    table.removeDestination(i);
                  }
                }
              }
              return null;
            });
    writer.get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> routes.get() > 1000);
    writing.set(false);
    for (Future<?> f : routers) {
      f.get(5, TimeUnit.SECONDS);
    }
    List<Integer> expected = new ArrayList<>(stable);
    for (int i = 1; i < 20; i += 2) {
      if (i % 7 == 3 || type == ExchangeType.FANOUT) {
        expected.add(i);
      }
    }
    List<Integer> out = new ArrayList<>();
    table.route("k.x.3", Map.of("n", 3L), out);
    assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
  }
}
