package dev.tierkit.cache.store;

import static dev.tierkit.cache.store.StoreAccess.bytes;
import static dev.tierkit.cache.store.StoreAccess.get;
import static dev.tierkit.cache.store.StoreAccess.key;
import static dev.tierkit.cache.store.StoreAccess.peek;
import static dev.tierkit.cache.store.StoreAccess.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlabStoreConcurrencyTest {
  private static final int KEYS = 1500;
  private static final int OPS_PER_THREAD = 40_000;
  private static final long MEMORY = 2L << 20;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tierkit.cache.store.StoreSetup#matrix")
  void twoThreadsOnOverlappingKeysLeaveConsistentCounts(StoreSetup setup) throws Exception {
    ManualClock clock = new ManualClock();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (SlabStore store = setup.store(MEMORY, clock)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        results.add(
            threads.submit(
                () -> {
                  start.await();
                  return hammer(store, new Random(seed));
                }));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES)).as("corrupt values read").isZero();
      }

      long items = 0;
      long bytes = 0;
      for (int i = 0; i < KEYS; i++) {
        byte[] value = peek(store, "key:" + i);
        if (value != null) {
          assertThat(value).isEqualTo(bytes(value.length, i + value.length));
          items++;
          bytes += SlabStore.ITEM_HEADER_BYTES + ("key:" + i).length() + value.length;
        }
      }
      StoreStats stats = store.stats();
      assertThat(stats.memoryReserved()).isLessThanOrEqualTo(MEMORY);
      assertThat(stats.currItems()).isEqualTo(items);
      assertThat(stats.bytes()).isEqualTo(bytes);
      assertThat(stats.evictions()).as("the keys need more than the memory").isPositive();
    } finally {
      threads.shutdownNow();
    }
  }

  /** Runs random operations; returns how many reads saw a value that was never written. */
  private static int hammer(SlabStore store, Random random) {
    int corrupt = 0;
    for (int op = 0; op < OPS_PER_THREAD; op++) {
      int k = random.nextInt(KEYS);
      String key = "key:" + k;
      int roll = random.nextInt(10);
      if (roll < 5) {
        int length = random.nextInt(20) == 0 ? 9000 + random.nextInt(40_000) : random.nextInt(3000);
        set(store, key, bytes(length, k + length));
      } else if (roll < 9) {
        byte[] value = get(store, key);
        if (value != null
            && !java.util.Arrays.equals(value, bytes(value.length, k + value.length))) {
          corrupt++;
        }
      } else {
        store.apply(key(key), Cursor::delete);
      }
      if (op % 1000 == 0 && store.stats().memoryReserved() > MEMORY) {
        corrupt++;
      }
    }
    return corrupt;
  }
}
