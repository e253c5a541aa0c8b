package dev.tierkit.cache.store;

import static dev.tierkit.cache.store.StoreAccess.bytes;
import static dev.tierkit.cache.store.StoreAccess.get;
import static dev.tierkit.cache.store.StoreAccess.key;
import static dev.tierkit.cache.store.StoreAccess.peek;
import static dev.tierkit.cache.store.StoreAccess.set;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlabStoreEvictionTest {
  private static final String MATRIX = "dev.tierkit.cache.store.StoreSetup#matrix";
  private static final long MEMORY = 4L << 20;

  private final ManualClock clock = new ManualClock();

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void memoryStaysWithinTheLimitWhileTenTimesItIsWritten(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      Random random = new Random(42);
      Map<String, Integer> model = new HashMap<>();
      long written = 0;
      int ops = 0;
      while (written < 10 * MEMORY) {
        String k = "key:" + random.nextInt(20_000);
        int roll = random.nextInt(100);
        if (roll < 70) {
          int length = randomLength(random);
          assertThat(set(store, k, bytes(length, k.hashCode() + length)))
              .as("a write never fails while the store holds evictable items")
              .isEqualTo(WriteStatus.STORED);
          model.put(k, length);
          written += length;
        } else if (roll < 95) {
          byte[] value = get(store, k);
          if (value != null) {
            assertThat(model).containsKey(k);
            assertThat(value).isEqualTo(bytes(model.get(k), k.hashCode() + model.get(k)));
          }
        } else {
          store.apply(key(k), Cursor::delete);
          model.remove(k);
        }
        StoreStats stats = store.stats();
        assertThat(stats.memoryReserved()).isLessThanOrEqualTo(stats.limitMaxBytes());
        assertThat(stats.currItems()).isLessThanOrEqualTo(model.size());
        if (++ops % 5000 == 0) {
          assertCountsMatchContent(store, model);
        }
      }
      assertCountsMatchContent(store, model);
      StoreStats stats = store.stats();
      assertThat(stats.evictions()).isPositive();
      assertThat(stats.evictedUnfetched()).isLessThanOrEqualTo(stats.evictions());
      assertThat(stats.classes().stream().mapToLong(StoreStats.SizeClassStats::evicted).sum())
          .isEqualTo(stats.evictions());
      assertThat(stats.outOfMemory()).isZero();
    }
  }

  private static int randomLength(Random random) {
    int kind = random.nextInt(100);
    if (kind < 70) {
      return random.nextInt(500);
    } else if (kind < 95) {
      return 500 + random.nextInt(7500);
    }
    return 8000 + random.nextInt(120_000);
  }

  /** curr_items and bytes agree with the items a lookup finds. */
  private static void assertCountsMatchContent(SlabStore store, Map<String, Integer> model) {
    long items = 0;
    long bytes = 0;
    for (Map.Entry<String, Integer> entry : model.entrySet()) {
      if (peek(store, entry.getKey()) != null) {
        items++;
        bytes += SlabStore.ITEM_HEADER_BYTES + entry.getKey().length() + entry.getValue();
      }
    }
    StoreStats stats = store.stats();
    assertThat(stats.currItems()).isEqualTo(items);
    assertThat(stats.bytes()).isEqualTo(bytes);
    assertThat(stats.classes().stream().mapToLong(StoreStats.SizeClassStats::items).sum())
        .isEqualTo(items);
    assertThat(stats.classes().stream().mapToLong(StoreStats.SizeClassStats::bytesRequested).sum())
        .isEqualTo(bytes);
  }

  @Test
  void recentlyHitKeysSurviveUnderLruMoreThanUnderFifo() {
    for (int shards : new int[] {1, 16}) {
      double lru = hotHitRatio(new StoreSetup(EvictionPolicy.LRU, shards));
      double fifo = hotHitRatio(new StoreSetup(EvictionPolicy.FIFO, shards));
      assertThat(lru).as("LRU, %d shards", shards).isGreaterThan(0.99);
      assertThat(lru).as("LRU against FIFO, %d shards", shards).isGreaterThan(fifo);
    }
  }

  /** Hit ratio of 500 hot keys read (and set on a miss) between writes of cold keys. */
  private double hotHitRatio(StoreSetup setup) {
    try (SlabStore store = setup.store(2L << 20, clock)) {
      int hot = 500;
      for (int i = 0; i < hot; i++) {
        set(store, "hot:" + i, bytes(200, i));
      }
      long hits = 0;
      long reads = 0;
      for (int i = 0; i < 60_000; i++) {
        set(store, "cold:" + i, bytes(200, i));
        String hotKey = "hot:" + (i % hot);
        boolean hit = get(store, hotKey) != null;
        if (!hit) {
          set(store, hotKey, bytes(200, i % hot));
        }
        if (i >= 30_000) {
          reads++;
          hits += hit ? 1 : 0;
        }
      }
      return (double) hits / reads;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void writesStillSucceedAfterTheSizeDistributionShifts(StoreSetup setup) {
    try (SlabStore store = setup.store(2L << 20, clock)) {
      int i = 0;
      while (store.stats().evictions() < 1000) {
        assertThat(set(store, "small:" + i, bytes(50, i))).isEqualTo(WriteStatus.STORED);
        i++;
      }
      for (int length : new int[] {3000, 7000, 20_000}) {
        for (int j = 0; j < 1000; j++) {
          assertThat(set(store, "big:" + length + ":" + j, bytes(length, j)))
              .isEqualTo(WriteStatus.STORED);
          assertThat(store.stats().memoryReserved()).isLessThanOrEqualTo(2L << 20);
        }
        assertThat(peek(store, "big:" + length + ":999")).isEqualTo(bytes(length, 999));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void fullStoreWithEvictionOffRefusesWritesAndKeepsItsItems(StoreSetup setup) {
    StoreConfig config = setup.config(1L << 20, 64 * 1024, false);
    try (SlabStore store = new SlabStore(config, clock)) {
      int stored = 0;
      while (set(store, "k" + stored, bytes(1000, stored)) == WriteStatus.STORED) {
        stored++;
      }
      assertThat(stored).isGreaterThan(500);
      for (int i = 0; i < stored; i++) {
        assertThat(peek(store, "k" + i)).isEqualTo(bytes(1000, i));
      }
      assertThat(set(store, "large", bytes(20_000, 1))).isEqualTo(WriteStatus.NO_MEMORY);
      assertThat(set(store, "k0", bytes(5000, 9))).isEqualTo(WriteStatus.NO_MEMORY);
      assertThat(peek(store, "k0")).as("a refused replacement").isEqualTo(bytes(1000, 0));
      assertThat(
              store.<WriteStatus>apply(
                  key("k1"), c -> c.concat(ValueSource.of(bytes(4000, 1)), false, 0)))
          .isEqualTo(WriteStatus.NO_MEMORY);
      assertThat(peek(store, "k1")).as("a refused append").isEqualTo(bytes(1000, 1));
      StoreStats stats = store.stats();
      assertThat(stats.outOfMemory()).isGreaterThanOrEqualTo(4);
      assertThat(stats.evictions()).isZero();
      assertThat(stats.currItems()).isEqualTo(stored);

      store.apply(key("k2"), Cursor::delete);
      assertThat(set(store, "k2", bytes(990, 3)))
          .as("the freed chunk of the class (in the key's shard) is reused")
          .isEqualTo(WriteStatus.STORED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void growingAnItemNeverEvictsTheItemItself(StoreSetup setup) {
    try (SlabStore store = setup.store(1L << 20, 256 * 1024, clock)) {
      int count = 0;
      while (store.stats().evictions() == 0) {
        set(store, "k" + count, bytes(1900, count));
        count++;
      }
      for (int i = count - 20; i < count; i++) {
        String k = "k" + i;
        byte[] before = peek(store, k);
        if (before == null) {
          continue;
        }
        int add = i % 2 == 0 ? 3000 : 12_000;
        boolean prepend = i % 4 < 2;
        assertThat(
                store.<WriteStatus>apply(
                    key(k), c -> c.concat(ValueSource.of(bytes(add, 7)), prepend, 0)))
            .isEqualTo(WriteStatus.STORED);
        byte[] expected = new byte[before.length + add];
        if (prepend) {
          System.arraycopy(bytes(add, 7), 0, expected, 0, add);
          System.arraycopy(before, 0, expected, add, before.length);
        } else {
          System.arraycopy(before, 0, expected, 0, before.length);
          System.arraycopy(bytes(add, 7), 0, expected, before.length, add);
        }
        assertThat(peek(store, k)).isEqualTo(expected);
        assertThat(set(store, k, bytes(30_000, i))).isEqualTo(WriteStatus.STORED);
        assertThat(peek(store, k)).isEqualTo(bytes(30_000, i));
        assertThat(store.stats().memoryReserved()).isLessThanOrEqualTo(1L << 20);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void expiredItemsAreReclaimedBeforeLiveOnesAreEvicted(StoreSetup setup) {
    try (SlabStore store = setup.store(1L << 20, 256 * 1024, clock)) {
      int count = 0;
      while (store.stats().evictions() == 0) {
        set(store, "old" + count, bytes(100, count), 0, clock.nowSeconds() + 5);
        count++;
      }
      long evictedWhileFilling = store.stats().evictions();
      clock.advance(5);
      for (int i = 0; i < count / 2; i++) {
        set(store, "new" + i, bytes(100, i));
      }
      StoreStats stats = store.stats();
      assertThat(stats.reclaimed()).isGreaterThan(count / 4);
      assertThat(stats.expiredUnfetched()).isEqualTo(stats.reclaimed());
      assertThat(stats.evictions() - evictedWhileFilling).isLessThan(count / 10);
    }
  }
}
