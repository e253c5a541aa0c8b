package dev.tierkit.cache.store;

import static dev.tierkit.cache.store.StoreAccess.bytes;
import static dev.tierkit.cache.store.StoreAccess.key;
import static dev.tierkit.cache.store.StoreAccess.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random operations agree with a plain map model when memory is ample (nothing is evicted). */
class SlabStoreModelTest {
  private static final int KEYS = 200;
  private static final int OPS = 30_000;

  /** What the model knows of an item. */
  private static final class Item {
    byte[] value;
    int flags;
    long expiresAt;
    long accessed;

    Item(byte[] value, int flags, long expiresAt, long accessed) {
      this.value = value;
      this.flags = flags;
      this.expiresAt = expiresAt;
      this.accessed = accessed;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final Map<String, Item> model = new HashMap<>();
  private long delayedFlush;
  private long flushedBefore;

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.tierkit.cache.store.StoreSetup#matrix")
  void randomOperationsAgreeWithAMapModel(StoreSetup setup) {
    try (SlabStore store = setup.store(64L << 20, clock)) {
      Random random = new Random(11);
      for (int op = 0; op < OPS; op++) {
        String k = "key-" + random.nextInt(KEYS);
        Item live = live(k);
        int roll = random.nextInt(100);
        if (roll < 30) {
          byte[] value = bytes(random.nextInt(6000), op);
          int flags = random.nextInt();
          long expiresAt = random.nextBoolean() ? 0 : clock.nowSeconds() + 1 + random.nextInt(5);
          assertThat(
                  store.<WriteStatus>apply(
                      key(k), c -> c.write(flags, expiresAt, ValueSource.of(value), 0)))
              .isEqualTo(WriteStatus.STORED);
          model.put(k, new Item(value, flags, expiresAt, clock.nowSeconds()));
        } else if (roll < 55) {
          store.apply(
              key(k),
              c -> {
                if (c.exists()) {
                  c.recordAccess();
                }
                return null;
              });
          if (live != null) {
            live.accessed = clock.nowSeconds();
          }
        } else if (roll < 70 && live != null && live.value.length < 20_000) {
          byte[] more = bytes(random.nextInt(3000), op);
          boolean prepend = random.nextBoolean();
          assertThat(
                  store.<WriteStatus>apply(key(k), c -> c.concat(ValueSource.of(more), prepend, 0)))
              .isEqualTo(WriteStatus.STORED);
          byte[] joined = new byte[live.value.length + more.length];
          System.arraycopy(
              prepend ? more : live.value, 0, joined, 0, prepend ? more.length : live.value.length);
          System.arraycopy(
              prepend ? live.value : more,
              0,
              joined,
              prepend ? more.length : live.value.length,
              prepend ? live.value.length : more.length);
          live.value = joined;
          live.accessed = clock.nowSeconds();
        } else if (roll < 75 && live != null) {
          long expiresAt = clock.nowSeconds() + random.nextInt(4);
          store.apply(
              key(k),
              c -> {
                c.touch(expiresAt);
                return null;
              });
          live.expiresAt = expiresAt;
        } else if (roll < 80 && live != null) {
          byte[] same = bytes(live.value.length, -op);
          store.apply(
              key(k),
              c -> {
                c.overwrite(same, 0);
                return null;
              });
          live.value = same;
          live.accessed = clock.nowSeconds();
        } else if (roll < 88) {
          assertThat(store.apply(key(k), Cursor::delete)).isEqualTo(live != null);
          model.remove(k);
        } else if (roll < 95) {
          clock.advance(1);
        } else if (roll < 97) {
          store.sweep(random.nextInt(50));
        } else if (roll < 98 && random.nextInt(10) == 0) {
          store.flushAll(0);
          model.clear();
          delayedFlush = 0;
        } else if (roll < 99 && random.nextInt(5) == 0) {
          long delay = 1 + random.nextInt(5);
          if (delayedFlush != 0 && clock.nowSeconds() >= delayedFlush) {
            flushedBefore = Math.max(flushedBefore, delayedFlush);
          }
          store.flushAll(delay);
          delayedFlush = clock.nowSeconds() + delay;
        }
        assertAgrees(store, k);
        if (op % 1000 == 0) {
          assertCounts(store);
        }
      }
      assertCounts(store);
      assertThat(store.stats().evictions()).isZero();
    }
  }

  /** The model's item under {@code k} if it is live now; drops it if it is dead. */
  private Item live(String k) {
    Item item = model.get(k);
    if (item == null) {
      return null;
    }
    long now = clock.nowSeconds();
    boolean expired = item.expiresAt != 0 && item.expiresAt <= now;
    boolean flushed =
        item.accessed < flushedBefore
            || (delayedFlush != 0 && now >= delayedFlush && item.accessed < delayedFlush);
    if (expired || flushed) {
      model.remove(k);
      return null;
    }
    return item;
  }

  private void assertAgrees(SlabStore store, String k) {
    Item item = live(k);
    store.apply(
        key(k),
        c -> {
          assertThat(c.exists()).as("%s exists", k).isEqualTo(item != null);
          if (item != null) {
            assertThat(valueOf(c)).isEqualTo(item.value);
            assertThat(c.flags()).isEqualTo(item.flags);
            assertThat(c.expiresAt()).isEqualTo(item.expiresAt);
          }
          return null;
        });
  }

  private void assertCounts(SlabStore store) {
    store.sweep(Integer.MAX_VALUE);
    long items = 0;
    long bytes = 0;
    for (String k : model.keySet().toArray(new String[0])) {
      Item item = live(k);
      if (item != null) {
        items++;
        bytes += SlabStore.ITEM_HEADER_BYTES + k.length() + item.value.length;
      }
    }
    StoreStats stats = store.stats();
    assertThat(stats.currItems()).as("after a full sweep").isEqualTo(items);
    assertThat(stats.bytes()).isEqualTo(bytes);
  }
}
