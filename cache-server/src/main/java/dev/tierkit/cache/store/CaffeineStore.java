package dev.tierkit.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link EvictionPolicy#TINYLFU} store: Caffeine's W-TinyLFU cache bounded by item bytes.
 *
 * <p>Design: one Caffeine cache from {@link ByteKey} to a mutable {@link CaffeineItem}. {@link
 * #apply} runs inside {@code asMap().compute}, which holds the key's bin lock, so every operation
 * on a key is atomic and a hit is copied out while no writer can touch the value; the remapping
 * function returns the item unchanged, a new item, or null (deleted). Caffeine's maintenance
 * (admission and eviction) runs on the calling thread ({@code executor(Runnable::run)}), so the
 * weighted size is back under the bound when a write returns.
 *
 * <p>Memory: each item weighs key + value + {@link #ITEM_OVERHEAD} bytes, an estimate of what the
 * JVM spends on the objects behind one entry (key wrapper and array, item object and value array
 * headers, Caffeine's node, the hash table slot). Unlike {@code SlabStore} this layout costs
 * several objects per item; it is here for workloads where TinyLFU's hit ratio (scan and
 * one-hit-wonder resistance) matters more than per-item memory.
 *
 * <p>Expiry and {@code flush_all} are checked on every lookup (an expired item is reclaimed and
 * reported through {@link Cursor#foundExpired()}); {@link #sweep} walks the map for the rest.
 */
public final class CaffeineStore implements CacheStore {
  /** Estimated JVM bytes per entry besides the key and value bytes themselves. */
  public static final int ITEM_OVERHEAD = 200;

  private final StoreConfig config;
  private final CacheClock clock;
  private final Cache<ByteKey, CaffeineItem> cache;
  private final AtomicLong casCounter = new AtomicLong();
  private final LongAdder totalItems = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder evictedUnfetched = new LongAdder();
  private final LongAdder expiredUnfetched = new LongAdder();
  private final LongAdder reclaimed = new LongAdder();
  private final LongAdder outOfMemory = new LongAdder();
  private final Object sweepLock = new Object();
  private Iterator<ByteKey> sweepPosition;
  private volatile long flushBeforeCas;
  private volatile long flushStoredBefore = Long.MIN_VALUE;
  private volatile long flushTakesEffect = Long.MAX_VALUE;

  public CaffeineStore(StoreConfig config, CacheClock clock) {
    this.config = config;
    this.clock = clock;
    this.cache =
        Caffeine.newBuilder()
            .maximumWeight(config.memoryBytes())
            .weigher((ByteKey key, CaffeineItem item) -> weight(key.length(), item.value.length))
            .executor(Runnable::run)
            .evictionListener(
                (ByteKey key, CaffeineItem item, RemovalCause cause) -> {
                  if (cause == RemovalCause.SIZE) {
                    evictions.increment();
                    if (item != null && !item.fetched) {
                      evictedUnfetched.increment();
                    }
                  }
                })
            .build();
  }

  private static int weight(int keyLength, int valueLength) {
    return keyLength + valueLength + ITEM_OVERHEAD;
  }

  @Override
  public <T> T apply(byte[] key, KeyOperation<T> operation) {
    ByteKey k = new ByteKey(key);
    ItemCursor cursor = new ItemCursor(key.length);
    cache
        .asMap()
        .compute(
            k,
            (ignored, existing) -> {
              cursor.position(existing, deadReason(existing));
              cursor.result = operation.apply(cursor);
              return cursor.item;
            });
    @SuppressWarnings("unchecked")
    T result = (T) cursor.result;
    return result;
  }

  /** Why {@code item} is dead now (flushed or expired), or null when it is absent or live. */
  private DeadReason deadReason(CaffeineItem item) {
    if (item == null) {
      return null;
    }
    long now = clock.nowSeconds();
    if (item.cas < flushBeforeCas
        || (item.storedAt <= flushStoredBefore && now >= flushTakesEffect)) {
      return DeadReason.FLUSHED;
    }
    if (item.expiresAt != 0 && item.expiresAt <= now) {
      return DeadReason.EXPIRED;
    }
    return null;
  }

  @Override
  public void flushAll(long delaySeconds) {
    if (delaySeconds <= 0) {
      flushBeforeCas = casCounter.get() + 1;
    } else {
      long effect = clock.nowSeconds() + delaySeconds;
      flushStoredBefore = effect - 1;
      flushTakesEffect = effect;
    }
  }

  @Override
  public int sweep(int maxItems) {
    int removed = 0;
    synchronized (sweepLock) {
      for (int seen = 0; seen < maxItems; seen++) {
        if (sweepPosition == null || !sweepPosition.hasNext()) {
          sweepPosition = cache.asMap().keySet().iterator();
          if (!sweepPosition.hasNext()) {
            break;
          }
        }
        ByteKey key = sweepPosition.next();
        boolean[] dead = new boolean[1];
        cache
            .asMap()
            .computeIfPresent(
                key,
                (k, item) -> {
                  DeadReason reason = deadReason(item);
                  if (reason != null) {
                    countDead(item, reason);
                    dead[0] = true;
                    return null;
                  }
                  return item;
                });
        if (dead[0]) {
          removed++;
        }
      }
    }
    return removed;
  }

  private void countDead(CaffeineItem item, DeadReason reason) {
    reclaimed.increment();
    if (reason == DeadReason.EXPIRED && !item.fetched) {
      expiredUnfetched.increment();
    }
  }

  @Override
  public StoreStats stats() {
    long weighted = cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    long items = cache.estimatedSize();
    return new StoreStats(
        items,
        totalItems.sum(),
        weighted,
        config.memoryBytes(),
        weighted,
        evictions.sum(),
        evictedUnfetched.sum(),
        expiredUnfetched.sum(),
        reclaimed.sum(),
        outOfMemory.sum(),
        List.of());
  }

  @Override
  public StoreConfig config() {
    return config;
  }

  @Override
  public void close() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  private long nextCas() {
    return casCounter.incrementAndGet();
  }

  /** With eviction off, whether the bound holds after swapping {@code freed} for {@code needed}. */
  private boolean hasRoomFor(int needed, int freed) {
    if (config.evictionEnabled()) {
      return true;
    }
    long weighted = cache.policy().eviction().orElseThrow().weightedSize().orElse(0);
    return weighted - freed + needed <= config.memoryBytes();
  }

  private enum DeadReason {
    EXPIRED,
    FLUSHED
  }

  /** One item; mutated only inside {@code compute} for its key. */
  private static final class CaffeineItem {
    byte[] value;
    int flags;
    long cas;
    long expiresAt;
    long storedAt;
    long lastAccessed;
    boolean fetched;
    boolean stale;
    boolean winToken;

    CaffeineItem(byte[] value, int flags, long cas, long expiresAt, long now) {
      this.value = value;
      this.flags = flags;
      this.cas = cas;
      this.expiresAt = expiresAt;
      this.storedAt = now;
      this.lastAccessed = now;
    }
  }

  /** A cursor over one lookup; {@link #item} is what {@code compute} leaves in the map. */
  private final class ItemCursor implements Cursor {
    private final int keyLength;
    CaffeineItem item;
    Object result;
    private boolean foundExpired;
    private boolean foundFlushed;
    private long previousAccess;
    private boolean previouslyFetched;

    ItemCursor(int keyLength) {
      this.keyLength = keyLength;
    }

    void position(CaffeineItem found, DeadReason reason) {
      if (reason != null) {
        foundExpired = reason == DeadReason.EXPIRED;
        foundFlushed = reason == DeadReason.FLUSHED;
        countDead(found, reason);
        found = null;
      }
      item = found;
      if (found != null) {
        previousAccess = found.lastAccessed;
        previouslyFetched = found.fetched;
      }
    }

    private CaffeineItem live() {
      if (item == null) {
        throw new IllegalStateException("no live item under this key");
      }
      return item;
    }

    @Override
    public boolean exists() {
      return item != null;
    }

    @Override
    public boolean foundExpired() {
      return foundExpired;
    }

    @Override
    public boolean foundFlushed() {
      return foundFlushed;
    }

    @Override
    public int flags() {
      return live().flags;
    }

    @Override
    public long cas() {
      return live().cas;
    }

    @Override
    public long expiresAt() {
      return live().expiresAt;
    }

    @Override
    public int valueLength() {
      return live().value.length;
    }

    @Override
    public byte[] valueArray() {
      return live().value;
    }

    @Override
    public int valueOffset() {
      return 0;
    }

    @Override
    public long lastAccessed() {
      live();
      return previousAccess;
    }

    @Override
    public boolean fetched() {
      live();
      return previouslyFetched;
    }

    @Override
    public boolean stale() {
      return live().stale;
    }

    @Override
    public boolean winTokenIssued() {
      return live().winToken;
    }

    @Override
    public void recordAccess() {
      CaffeineItem it = live();
      it.fetched = true;
      it.lastAccessed = clock.nowSeconds();
    }

    @Override
    public void touch(long expiresAt) {
      live().expiresAt = expiresAt;
    }

    @Override
    public void markStale() {
      live().stale = true;
    }

    @Override
    public void setWinTokenIssued(boolean issued) {
      live().winToken = issued;
    }

    @Override
    public void setCas(long cas) {
      live().cas = cas == 0 ? nextCas() : cas;
    }

    @Override
    public WriteStatus write(int flags, long expiresAt, ValueSource value, long explicitCas) {
      if (weight(keyLength, value.length()) > config.maxItemSize()) {
        return WriteStatus.TOO_LARGE;
      }
      int freed = item == null ? 0 : weight(keyLength, item.value.length);
      if (!hasRoomFor(weight(keyLength, value.length()), freed)) {
        outOfMemory.increment();
        return WriteStatus.NO_MEMORY;
      }
      byte[] bytes = new byte[value.length()];
      value.copyTo(bytes, 0);
      store(bytes, flags, expiresAt, explicitCas);
      return WriteStatus.STORED;
    }

    private void store(byte[] bytes, int flags, long expiresAt, long explicitCas) {
      long now = clock.nowSeconds();
      item =
          new CaffeineItem(
              bytes, flags, explicitCas == 0 ? nextCas() : explicitCas, expiresAt, now);
      previousAccess = now;
      previouslyFetched = false;
      totalItems.increment();
    }

    @Override
    public WriteStatus concat(ValueSource value, boolean prepend, long explicitCas) {
      CaffeineItem old = live();
      int length = old.value.length + value.length();
      if (weight(keyLength, length) > config.maxItemSize()) {
        return WriteStatus.TOO_LARGE;
      }
      if (!hasRoomFor(weight(keyLength, length), weight(keyLength, old.value.length))) {
        outOfMemory.increment();
        return WriteStatus.NO_MEMORY;
      }
      byte[] bytes;
      if (prepend) {
        bytes = new byte[length];
        value.copyTo(bytes, 0);
        System.arraycopy(old.value, 0, bytes, value.length(), old.value.length);
      } else {
        bytes = Arrays.copyOf(old.value, length);
        value.copyTo(bytes, old.value.length);
      }
      store(bytes, old.flags, old.expiresAt, explicitCas);
      return WriteStatus.STORED;
    }

    @Override
    public void overwrite(byte[] bytes, long explicitCas) {
      CaffeineItem it = live();
      if (bytes.length != it.value.length) {
        throw new IllegalArgumentException(
            "overwrite needs " + it.value.length + " bytes, got " + bytes.length);
      }
      System.arraycopy(bytes, 0, it.value, 0, bytes.length);
      it.cas = explicitCas == 0 ? nextCas() : explicitCas;
      it.storedAt = clock.nowSeconds();
      it.stale = false;
      it.winToken = false;
    }

    @Override
    public boolean delete() {
      boolean existed = item != null;
      item = null;
      return existed;
    }
  }
}
