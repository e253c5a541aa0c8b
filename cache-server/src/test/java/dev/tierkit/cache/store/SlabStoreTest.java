package dev.tierkit.cache.store;

import static dev.tierkit.cache.store.StoreAccess.bytes;
import static dev.tierkit.cache.store.StoreAccess.cas;
import static dev.tierkit.cache.store.StoreAccess.get;
import static dev.tierkit.cache.store.StoreAccess.key;
import static dev.tierkit.cache.store.StoreAccess.peek;
import static dev.tierkit.cache.store.StoreAccess.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SlabStoreTest {
  private static final String MATRIX = "dev.tierkit.cache.store.StoreSetup#matrix";
  private static final long MEMORY = 8L << 20;

  private final ManualClock clock = new ManualClock();

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void storedValueReadsBackWithItsFlagsAndExpiry(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      long expiry = clock.nowSeconds() + 100;
      for (int length : new int[] {0, 1, 10, 100, 1000, 8000, 9000, 100_000}) {
        byte[] value = bytes(length, length);
        assertThat(set(store, "k" + length, value, 0xCAFEBABE, expiry))
            .isEqualTo(WriteStatus.STORED);
      }
      for (int length : new int[] {0, 1, 10, 100, 1000, 8000, 9000, 100_000}) {
        assertThat(peek(store, "k" + length)).isEqualTo(bytes(length, length));
        assertThat(store.apply(key("k" + length), Cursor::flags)).isEqualTo(0xCAFEBABE);
        assertThat(store.apply(key("k" + length), Cursor::expiresAt)).isEqualTo(expiry);
      }
      assertThat(peek(store, "absent")).isNull();
      assertThat(store.stats().currItems()).isEqualTo(8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void itemOfExactlyTheSizeLimitIsStoredAndOneByteMoreIsTooLarge(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      int limit = store.config().maxItemSize();
      String key = "big";
      byte[] fits = bytes(limit - SlabStore.ITEM_HEADER_BYTES - key.length(), 1);
      assertThat(set(store, key, fits)).isEqualTo(WriteStatus.STORED);
      assertThat(peek(store, key)).isEqualTo(fits);

      byte[] tooBig = bytes(fits.length + 1, 2);
      assertThat(set(store, key, tooBig)).isEqualTo(WriteStatus.TOO_LARGE);
      assertThat(peek(store, key)).as("a refused write changes nothing").isEqualTo(fits);
      assertThat(store.stats().memoryReserved()).isLessThanOrEqualTo(MEMORY);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void expiredItemIsNeverReturned(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "short", bytes(10, 1), 0, clock.nowSeconds() + 10);
      set(store, "forever", bytes(10, 2), 0, 0);
      clock.advance(9);
      assertThat(peek(store, "short")).isNotNull();
      clock.advance(1);
      boolean[] expired = new boolean[1];
      assertThat(
              store.<Boolean>apply(
                  key("short"),
                  c -> {
                    expired[0] = c.foundExpired();
                    return c.exists();
                  }))
          .isFalse();
      assertThat(expired[0]).isTrue();
      assertThat(store.apply(key("short"), Cursor::foundExpired))
          .as("reclaimed by the first lookup")
          .isFalse();
      assertThat(peek(store, "forever")).isNotNull();
      StoreStats stats = store.stats();
      assertThat(stats.currItems()).isEqualTo(1);
      assertThat(stats.reclaimed()).isEqualTo(1);
      assertThat(stats.expiredUnfetched()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void pastExpiryMakesTheItemDeadAtOnce(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(10, 1), 0, -1);
      assertThat(peek(store, "k")).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void touchChangesExpiryButNotValueOrCas(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(10, 1), 0, clock.nowSeconds() + 5);
      long cas = cas(store, "k");
      long later = clock.nowSeconds() + 100;
      store.apply(
          key("k"),
          c -> {
            c.touch(later);
            return null;
          });
      clock.advance(50);
      assertThat(peek(store, "k")).isEqualTo(bytes(10, 1));
      assertThat(cas(store, "k")).isEqualTo(cas);
      assertThat(store.apply(key("k"), Cursor::expiresAt)).isEqualTo(later);
      clock.advance(50);
      assertThat(peek(store, "k")).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void flushInvalidatesEarlierItemsButNotSameSecondLaterOnes(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      for (int i = 0; i < 100; i++) {
        set(store, "old" + i, bytes(20, i));
      }
      store.flushAll(0);
      set(store, "new", bytes(20, 1));
      for (int i = 0; i < 100; i++) {
        assertThat(peek(store, "old" + i)).isNull();
      }
      assertThat(store.apply(key("old0"), Cursor::foundFlushed)).isFalse();
      assertThat(peek(store, "new")).isEqualTo(bytes(20, 1));
      clock.advance(1);
      assertThat(peek(store, "new")).isEqualTo(bytes(20, 1));
      assertThat(store.stats().currItems()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void flushedLookupReportsFoundFlushed(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(20, 1));
      store.flushAll(0);
      assertThat(store.<Boolean>apply(key("k"), c -> c.foundFlushed() && !c.exists())).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void delayedFlushInvalidatesItemsStoredBeforeItsTimeOnceItComes(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "early", bytes(20, 1));
      store.flushAll(10);
      clock.advance(5);
      set(store, "middle", bytes(20, 2));
      get(store, "early");
      clock.advance(4);
      assertThat(peek(store, "early")).as("before the flush time").isNotNull();
      assertThat(peek(store, "middle")).isNotNull();
      clock.advance(1);
      set(store, "late", bytes(20, 3));
      assertThat(peek(store, "early")).isNull();
      assertThat(peek(store, "middle")).isNull();
      assertThat(peek(store, "late")).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void delayedFlushDoesNotRevivePreviouslyFlushedItems(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(20, 1));
      store.flushAll(0);
      store.flushAll(60);
      assertThat(peek(store, "k")).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void delayedFlushThatHasComeStaysInForceWhenAnotherIsScheduled(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(20, 1));
      store.flushAll(2);
      clock.advance(3);
      store.flushAll(100);
      assertThat(peek(store, "k")).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void casIsUniqueAndNonZeroAcrossManyWrites(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      Set<Long> seen = new HashSet<>();
      for (int i = 0; i < 5000; i++) {
        String k = "k" + (i % 700);
        set(store, k, bytes(i % 50, i));
        long cas = cas(store, k);
        assertThat(cas).isNotZero();
        assertThat(seen.add(cas)).as("cas %d repeated", cas).isTrue();
        if (i % 7 == 0) {
          long fresh =
              store.apply(
                  key(k),
                  c -> {
                    c.setCas(0);
                    return c.cas();
                  });
          assertThat(seen.add(fresh)).isTrue();
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void explicitCasIsStoredAsGiven(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      store.apply(key("k"), c -> c.write(0, 0, ValueSource.of(bytes(5, 1)), 12345L));
      assertThat(cas(store, "k")).isEqualTo(12345L);
      store.apply(
          key("k"),
          c -> {
            c.setCas(-7L);
            return null;
          });
      assertThat(cas(store, "k")).isEqualTo(-7L);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void appendAndPrependKeepFlagsAndExpiryAcrossSizeClasses(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      long expiry = clock.nowSeconds() + 1000;
      set(store, "k", "mid".getBytes(), 42, expiry);
      StringBuilder expected = new StringBuilder("mid");
      for (int round = 0; round < 40; round++) {
        String tail = "t" + round + "x".repeat(round * 30);
        String head = "h" + round;
        long before = cas(store, "k");
        assertThat(
                store.<WriteStatus>apply(
                    key("k"), c -> c.concat(ValueSource.of(tail.getBytes()), false, 0)))
            .isEqualTo(WriteStatus.STORED);
        assertThat(
                store.<WriteStatus>apply(
                    key("k"), c -> c.concat(ValueSource.of(head.getBytes()), true, 0)))
            .isEqualTo(WriteStatus.STORED);
        expected.append(tail).insert(0, head);
        assertThat(new String(peek(store, "k"))).isEqualTo(expected.toString());
        assertThat(cas(store, "k")).isNotEqualTo(before);
        assertThat(store.apply(key("k"), Cursor::flags)).isEqualTo(42);
        assertThat(store.apply(key("k"), Cursor::expiresAt)).isEqualTo(expiry);
      }
      assertThat(expected.length()).isGreaterThan(SizeClasses.MAX_CHUNK);
      StoreStats stats = store.stats();
      assertThat(stats.currItems()).isEqualTo(1);
      assertThat(stats.bytes()).isEqualTo(SlabStore.ITEM_HEADER_BYTES + 1 + expected.length());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void concatBeyondTheSizeLimitIsTooLargeAndChangesNothing(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "k", bytes(1000, 1));
      int limit = store.config().maxItemSize();
      assertThat(
              store.<WriteStatus>apply(
                  key("k"), c -> c.concat(ValueSource.of(new byte[limit]), false, 0)))
          .isEqualTo(WriteStatus.TOO_LARGE);
      assertThat(peek(store, "k")).isEqualTo(bytes(1000, 1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void overwriteReplacesTheValueInPlaceWithANewCas(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "n", "41  ".getBytes(), 7, 0);
      long before = cas(store, "n");
      store.apply(
          key("n"),
          c -> {
            c.overwrite("42  ".getBytes(), 0);
            return null;
          });
      assertThat(new String(peek(store, "n"))).isEqualTo("42  ");
      assertThat(cas(store, "n")).isNotEqualTo(before).isNotZero();
      assertThat(store.apply(key("n"), Cursor::flags)).isEqualTo(7);
      assertThatThrownBy(
              () ->
                  store.apply(
                      key("n"),
                      c -> {
                        c.overwrite("1".getBytes(), 0);
                        return null;
                      }))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void deleteRemovesTheItemAndItsBytes(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "a", bytes(100, 1));
      set(store, "b", bytes(20_000, 2));
      assertThat(store.apply(key("a"), Cursor::delete)).isTrue();
      assertThat(store.apply(key("a"), Cursor::delete)).isFalse();
      assertThat(store.apply(key("b"), Cursor::delete)).isTrue();
      assertThat(peek(store, "a")).isNull();
      assertThat(peek(store, "b")).isNull();
      StoreStats stats = store.stats();
      assertThat(stats.currItems()).isZero();
      assertThat(stats.bytes()).isZero();
      assertThat(stats.totalItems()).isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void writeInTheSameOperationAfterDeleteStoresAgain(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "a", bytes(100, 1));
      store.apply(
          key("a"),
          c -> {
            c.delete();
            return c.write(0, 0, ValueSource.of(bytes(5000, 3)), 0);
          });
      assertThat(peek(store, "a")).isEqualTo(bytes(5000, 3));
      assertThat(store.stats().currItems()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void metaMarksAreKeptUntilTheNextWrite(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      long storedAt = clock.nowSeconds();
      set(store, "k", bytes(10, 1));
      clock.advance(3);
      store.apply(
          key("k"),
          c -> {
            assertThat(c.fetched()).isFalse();
            assertThat(c.lastAccessed()).isEqualTo(storedAt);
            c.recordAccess();
            c.markStale();
            c.setWinTokenIssued(true);
            assertThat(c.fetched()).as("as before this lookup").isFalse();
            return null;
          });
      clock.advance(2);
      store.apply(
          key("k"),
          c -> {
            assertThat(c.fetched()).isTrue();
            assertThat(c.lastAccessed()).isEqualTo(storedAt + 3);
            assertThat(c.stale()).isTrue();
            assertThat(c.winTokenIssued()).isTrue();
            c.setWinTokenIssued(false);
            return null;
          });
      assertThat(store.apply(key("k"), Cursor::winTokenIssued)).isFalse();
      set(store, "k", bytes(10, 2));
      store.apply(
          key("k"),
          c -> {
            assertThat(c.fetched()).isFalse();
            assertThat(c.stale()).isFalse();
            assertThat(c.winTokenIssued()).isFalse();
            assertThat(c.lastAccessed()).isEqualTo(storedAt + 5);
            return null;
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void replacingAnItemWithAnotherSizeKeepsOneItemAndExactBytes(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      int[] sizes = {10, 10, 500, 20_000, 3, 20_000, 19_999, 0};
      for (int size : sizes) {
        set(store, "k", bytes(size, size));
        assertThat(peek(store, "k")).isEqualTo(bytes(size, size));
        StoreStats stats = store.stats();
        assertThat(stats.currItems()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo(SlabStore.ITEM_HEADER_BYTES + 1 + size);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void gettersWithoutAnItemFailLoudly(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      assertThatThrownBy(() -> store.apply(key("none"), Cursor::valueLength))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> store.apply(new byte[0], Cursor::exists))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.apply(new byte[251], Cursor::exists))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void callingBackIntoTheSameShardIsRefused(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      assertThatThrownBy(() -> store.apply(key("a"), c -> store.apply(key("a"), Cursor::exists)))
          .isInstanceOf(IllegalStateException.class);
      assertThat(store.apply(key("a"), Cursor::exists)).as("the store still works").isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void sweepReclaimsExpiredItemsIncrementally(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      for (int i = 0; i < 3000; i++) {
        set(store, "k" + i, bytes(30, i), 0, i % 3 == 0 ? 0 : clock.nowSeconds() + 10);
      }
      assertThat(store.sweep(1000)).as("nothing expired yet").isZero();
      clock.advance(10);
      int swept = 0;
      int calls = 0;
      while (calls++ < 100) {
        int now = store.sweep(300);
        assertThat(now).isLessThanOrEqualTo(300);
        if (now == 0) {
          break;
        }
        swept += now;
      }
      assertThat(swept).isEqualTo(2000);
      StoreStats stats = store.stats();
      assertThat(stats.currItems()).isEqualTo(1000);
      assertThat(stats.reclaimed()).isEqualTo(2000);
      assertThat(peek(store, "k0")).isNotNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void sweepThatStartsMidIndexStillCoversEverySlot(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      for (int i = 0; i < 4000; i++) {
        set(store, "k" + i, bytes(30, i), 0, clock.nowSeconds() + 1 + i % 2);
      }
      clock.advance(1);
      assertThat(store.sweep(10)).as("stops part way through a shard").isEqualTo(10);
      clock.advance(1);
      assertThat(store.sweep(Integer.MAX_VALUE))
          .as("including the slots before where the last call stopped")
          .isEqualTo(3990);
      assertThat(store.stats().currItems()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void sweepReclaimsFlushedItems(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      for (int i = 0; i < 500; i++) {
        set(store, "k" + i, bytes(30, i));
      }
      store.flushAll(0);
      assertThat(store.sweep(10_000)).isEqualTo(500);
      assertThat(store.stats().currItems()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void valueSourceThatThrowsLeavesNoMemoryBehind(StoreSetup setup) {
    try (SlabStore store = setup.store(MEMORY, clock)) {
      set(store, "same", bytes(100, 1));
      set(store, "other", bytes(100, 2));
      set(store, "big", bytes(30_000, 3));
      for (String k : new String[] {"same", "other", "big", "new"}) {
        for (int length : new int[] {100, 3000, 30_000}) {
          if (k.equals("other") && length == 100) {
            continue; // in place: the item would be lost with its half-written value
          }
          assertThatThrownBy(
                  () -> store.apply(key(k), c -> c.write(0, 0, new FailingSource(length), 0)))
              .isInstanceOf(IndexOutOfBoundsException.class);
        }
      }
      StoreStats stats = store.stats();
      long reservedForLarge = stats.classes().get(stats.classes().size() - 1).bytesRequested();
      assertThat(stats.classes().stream().mapToLong(StoreStats.SizeClassStats::usedChunks).sum())
          .as("no chunk is left taken without an item")
          .isEqualTo(stats.currItems());
      assertThat(stats.memoryReserved() % SlabStore.PAGE_BYTES)
          .as("large arrays still reserved are those of live items")
          .isEqualTo(reservedForLarge % SlabStore.PAGE_BYTES);
      assertThat(peek(store, "other"))
          .as("a failed replacement into a new chunk keeps the old item")
          .isEqualTo(bytes(100, 2));
      assertThat(peek(store, "same")).as("a failed rewrite in place drops the item").isNull();
    }
  }

  /** A value source that fails part way, as a short network buffer would. */
  private static final class FailingSource implements ValueSource {
    private final int length;

    FailingSource(int length) {
      this.length = length;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public void copyTo(byte[] dst, int offset) {
      throw new IndexOutOfBoundsException("source shorter than " + length);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(MATRIX)
  void closedStoreRefusesOperationsAndReleasesMemory(StoreSetup setup) {
    SlabStore store = setup.store(MEMORY, clock);
    set(store, "k", bytes(30, 1));
    store.close();
    assertThat(store.stats().memoryReserved()).isZero();
    assertThat(store.sweep(100)).isZero();
    assertThatThrownBy(() -> peek(store, "k")).isInstanceOf(IllegalStateException.class);
  }
}
