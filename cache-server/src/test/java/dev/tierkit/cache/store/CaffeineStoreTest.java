package dev.tierkit.cache.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CaffeineStoreTest {
  private final AtomicLong now = new AtomicLong(1_700_000_000L);
  private final CaffeineStore store =
      new CaffeineStore(
          StoreConfig.ofMemory(4 << 20).withEviction(EvictionPolicy.TINYLFU), now::get);

  @AfterEach
  void close() {
    store.close();
  }

  private WriteStatus set(String key, String value, long expiresAt) {
    return store.apply(
        key.getBytes(US_ASCII),
        c -> c.write(7, expiresAt, ValueSource.of(value.getBytes(US_ASCII)), 0));
  }

  private String get(String key) {
    return store.apply(
        key.getBytes(US_ASCII),
        c ->
            c.exists()
                ? new String(c.valueArray(), c.valueOffset(), c.valueLength(), US_ASCII)
                : null);
  }

  @Test
  void storedValueIsReadBackWithItsFlags() {
    assertThat(set("k", "hello", 0)).isEqualTo(WriteStatus.STORED);
    assertThat(get("k")).isEqualTo("hello");
    assertThat(store.apply("k".getBytes(US_ASCII), Cursor::flags)).isEqualTo(7);
  }

  @Test
  void expiredItemIsNeverReturned() {
    set("k", "v", now.get() + 10);
    now.addAndGet(9);
    assertThat(get("k")).isEqualTo("v");
    now.addAndGet(1);
    assertThat(store.apply("k".getBytes(US_ASCII), Cursor::foundExpired)).isTrue();
    assertThat(get("k")).isNull();
  }

  @Test
  void flushInvalidatesEarlierWritesOnly() {
    set("old", "1", 0);
    store.flushAll(0);
    set("new", "2", 0);
    assertThat(get("old")).isNull();
    assertThat(get("new")).isEqualTo("2");
  }

  @Test
  void delayedFlushTakesEffectAtItsTime() {
    set("k", "1", 0);
    store.flushAll(5);
    now.addAndGet(4);
    assertThat(get("k")).isEqualTo("1");
    now.addAndGet(1);
    assertThat(get("k")).isNull();
  }

  @Test
  void casChangesOnEveryWrite() {
    set("k", "1", 0);
    long first = store.apply("k".getBytes(US_ASCII), Cursor::cas);
    set("k", "1", 0);
    assertThat(store.apply("k".getBytes(US_ASCII), Cursor::cas)).isNotEqualTo(first).isNotZero();
  }

  @Test
  void concatKeepsFlags() {
    set("k", "mid", 0);
    store.apply(
        "k".getBytes(US_ASCII), c -> c.concat(ValueSource.of("<".getBytes(US_ASCII)), true, 0));
    store.apply(
        "k".getBytes(US_ASCII), c -> c.concat(ValueSource.of(">".getBytes(US_ASCII)), false, 0));
    assertThat(get("k")).isEqualTo("<mid>");
    assertThat(store.apply("k".getBytes(US_ASCII), Cursor::flags)).isEqualTo(7);
  }

  @Test
  void memoryStaysBoundedUnderPressure() {
    String value = "x".repeat(1000);
    for (int i = 0; i < 20_000; i++) {
      set("key" + i, value, 0);
      assertThat(store.stats().memoryReserved()).isLessThanOrEqualTo(4 << 20);
    }
    assertThat(store.stats().evictions()).isPositive();
  }

  @Test
  void tooLargeItemIsRefused() {
    assertThat(set("k", "x".repeat(StoreConfig.DEFAULT_MAX_ITEM_SIZE), 0))
        .isEqualTo(WriteStatus.TOO_LARGE);
  }

  @Test
  void sweepReclaimsExpiredItems() {
    set("a", "1", now.get() + 1);
    set("b", "1", 0);
    now.addAndGet(2);
    assertThat(store.sweep(10)).isEqualTo(1);
    assertThat(get("b")).isEqualTo("1");
  }
}
