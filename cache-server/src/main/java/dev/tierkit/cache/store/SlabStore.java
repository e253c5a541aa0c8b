package dev.tierkit.cache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cache's store: items packed into large byte arrays by size class, as memcached's slabs, with
 * no Java object per item; LRU (segmented, lazily promoted) or FIFO eviction; memory bounded by
 * {@link StoreConfig#memoryBytes()}. Safe for use from any thread.
 *
 * <h2>Design</h2>
 *
 * <p><b>Shards.</b> {@link StoreConfig#shards()} shards, chosen by the low bits of a 64-bit hash of
 * the key ({@link KeyHash}, seeded at random per store against hash flooding). Each has one lock
 * guarding everything it owns: its index, its pages and free lists, its LRU lists and its counters.
 * {@link #apply} takes that lock, looks the key up, runs the operation on the shard's reusable
 * cursor and releases the lock: a hit takes no global lock and allocates nothing.
 *
 * <p><b>Pages and chunks.</b> Memory comes in 64 KiB {@code byte[]} pages, each carved into equal
 * chunks of one size class ({@link SizeClasses}: 40 bytes to 4 KiB, growth factor 1.08, 49 classes,
 * every size a multiple of 8 widened so a page has no wasted tail). An item lives in the smallest
 * chunk that holds its 34-byte header, key and value:
 *
 * <pre>
 *  0 cas(8)  8 expires(4)  12 accessed(4)  16 flags(4)  20 valueLength(4)
 * 24 prev(4) 28 next(4)    32 keyLength(1) 33 bits(1)   34 key ... value ... (rounding slack)
 * </pre>
 *
 * (see {@link ItemHeader}). Items above 4 KiB are "large": an exact-size array each, in the same
 * page table, index and LRU machinery (the last entry of {@link StoreStats#classes()}, with {@code
 * chunkSize} = the item size limit and one "chunk" per "page"). A chunk reference is an {@code
 * int}: page id (19 bits) and offset / 8 (13 bits); 0 means none ({@link SlabPages}).
 *
 * <p>Why 64 KiB: a page is the unit a class grows by and the unit moved between classes and shards,
 * so it must be small against one shard's share of memory (with the 1 MiB minimum and 16 shards a
 * shard still has one) while large enough that per-page costs vanish (the JVM array header is
 * 0.02%, the page table 16 bytes a page) and 4 KiB chunks still come sixteen to a page. Why stop
 * slab classes at 4 KiB: above it the steps between classes, set by whole chunks per page, exceed
 * 6% (8 KiB to 7.3 KiB is 12%), while an exact-size array wastes only its 16-byte JVM header.
 *
 * <p><b>Index.</b> Per shard, open addressing with linear probing over a {@code long[]}: the high
 * 32 bits of the key hash above the chunk reference ({@link ItemIndex}). A lookup compares keys
 * (bytes in the page, {@code Arrays.equals}) only when all 32 stored hash bits match; deletion
 * shifts back, so there are no tombstones. It doubles past a 3/4 load: 10.7 to 21.3 bytes per item.
 *
 * <p><b>Eviction</b> (memcached's per-class LRU, within the shard). Each class has its own lists,
 * so a write evicts only items whose memory it can use. {@link EvictionPolicy#LRU} is a segmented
 * LRU with lazy promotion (memcached's segmented LRU, Caffeine's SLRU main space): a new item
 * enters the probation segment; a hit ({@link Cursor#recordAccess}) only sets an ACTIVE bit and the
 * access time; when eviction finds an active item at the probation tail it moves it to the
 * protected head and clears the bit instead of evicting it; protected is capped at 80% of the class
 * (the classic SLRU split, Caffeine's too: enough room to keep the reused working set, a 20%
 * probation window for new items to prove themselves), its tail demoted to probation, or
 * re-inserted if hit again. At most 16 such moves per eviction, then the tail goes regardless.
 * {@link EvictionPolicy#FIFO} uses one list and ignores hits. Expired and flushed items met on the
 * way are reclaimed instead of evicted. The item a write replaces or extends is pinned and never
 * evicted, nor is its page moved, so a failed write changes nothing and concat still reads the old
 * bytes.
 *
 * <p><b>Allocation</b>, for a chunk of class c: a free chunk of c; else a new page from the budget;
 * else (eviction off: {@code NO_MEMORY}) every 64th time a page from the class whose oldest item is
 * more than 5/4 as old as c's (memcached's age-balancing automover, inline); else c's LRU tail;
 * else, when c has nothing to evict (the size distribution shifted), a page from another class of
 * the shard (an empty page first, else the emptiest page of the class with the oldest items, its
 * items evicted and free chunks dropped); else a large item; else, taking other shards' locks only
 * with {@code tryLock} (so never a deadlock), a large item or page of another shard. A large item
 * is reserved whole from the budget, evicting large items, then pages, then other shards' memory
 * until it fits. Each loop is bounded.
 *
 * <p><b>Expiry and flush.</b> An item is dead when {@code expires != 0 && expires <= now}, or when
 * flushed: {@code flushAll(0)} records, in every shard under its lock, the time and the next CAS
 * that shard will issue; items last stored before that second, or in it with a smaller CAS, are
 * dead (so same-second writes after the flush survive; an explicit CAS set in that second compares
 * as it is). {@code flushAll(d)} records {@code now + d}: from then on items last stored before it
 * are dead (memcached's {@code oldest_live}); the last immediate flush stays in force beside it,
 * and so does a delayed one whose time has come when another is scheduled (memcached would revive
 * those items). A lookup, a sweep or an eviction that meets a dead item reclaims it ({@code
 * reclaimed}, and {@code expired_unfetched} when it was never fetched). {@link #sweep} walks the
 * shards' index slots, 512 slots per lock hold, resuming where it stopped.
 *
 * <p><b>CAS.</b> Per shard counter, shifted left by log2(shards) with the shard number below:
 * unique across the store, never 0, 64 bits, and no shared cache line between shards (one
 * AtomicLong would be contended by every write). An explicit CAS is stored as given.
 *
 * <p><b>Memory counted.</b> {@code memoryReserved} is the sum of page lengths (64 KiB each) and
 * large-item array lengths; it is reserved before allocating, so it never exceeds {@code
 * limit_maxbytes}. Not counted, as memcached does not count its hash table: the index (8 bytes a
 * slot, 8 KiB minimum per shard), the page table (about 16 bytes per page or large item), JVM array
 * headers (16 bytes per page or large item) and fixed per-shard state (about 4 KiB per shard for
 * class arrays). The heap must hold the budget plus those.
 *
 * <p><b>Complexity.</b> Lookup O(1) expected (probe length grows with load, at most 3/4); write
 * O(1) amortised (index doubling is O(n) under the shard lock, a pause memcached avoids with a
 * background expander); eviction O(1) with at most 16 list moves; moving a page O(pages in the
 * shard + chunks per page).
 *
 * <p><b>Limits.</b> Keys 1 to 250 bytes; expiry and access times are unsigned 32-bit seconds (up to
 * 2106); a shard holds at most 2^19 - 1 pages and large items (32 GiB of pages). {@link
 * EvictionPolicy#TINYLFU} is another store's policy and is refused. A {@link ValueSource} that
 * throws fails its write with that exception and leaks nothing; the old item survives unless it was
 * being rewritten in place (same chunk), in which case it is dropped. {@link #close} is final:
 * later operations throw {@link IllegalStateException}.
 */
public final class SlabStore implements CacheStore {
  /** Bytes of header every item takes besides its key and value (counted by {@code -I}). */
  public static final int ITEM_HEADER_BYTES = ItemHeader.SIZE;

  /** The size of a page, the unit memory is reserved in for chunked items. */
  public static final int PAGE_BYTES = SizeClasses.PAGE_SIZE;

  private static final int MAX_KEY_LENGTH = 250;

  private final StoreConfig config;
  private final CacheClock clock;
  private final SizeClasses classes = new SizeClasses();
  private final MemoryBudget budget;
  private final Shard[] shards;
  private final int shardMask;
  private final long hashSeed = ThreadLocalRandom.current().nextLong();
  private int sweepShard;

  /** A store sized and evicting as {@code config} says, reading time from {@code clock}. */
  public SlabStore(StoreConfig config, CacheClock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (config.eviction() == EvictionPolicy.TINYLFU) {
      throw new IllegalArgumentException(
          "SlabStore evicts by LRU or FIFO; --eviction tinylfu needs another store");
    }
    budget = new MemoryBudget(config.memoryBytes());
    shards = new Shard[config.shards()];
    shardMask = shards.length - 1;
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, shards, config, classes, budget, hashSeed);
    }
  }

  @Override
  public <T> T apply(byte[] key, KeyOperation<T> operation) {
    if (key.length == 0 || key.length > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("key must be 1 to 250 bytes, got " + key.length);
    }
    Objects.requireNonNull(operation, "operation");
    long hash = KeyHash.hash(key, 0, key.length, hashSeed);
    return shards[(int) hash & shardMask].apply(
        key, KeyHash.indexHash(hash), clock.nowSeconds(), operation);
  }

  @Override
  public void flushAll(long delaySeconds) {
    long now = clock.nowSeconds();
    for (Shard shard : shards) {
      shard.flush(now, delaySeconds);
    }
  }

  /**
   * Looks at every index slot of every shard at most once per call (one full cycle, starting where
   * the previous call stopped), taking each shard's lock for 512 slots at a time.
   */
  @Override
  public synchronized int sweep(int maxItems) {
    long slotsLeft = 0;
    for (Shard shard : shards) {
      slotsLeft += shard.indexCapacity();
    }
    int swept = 0;
    while (swept < maxItems && slotsLeft > 0) {
      Shard shard = shards[sweepShard];
      swept += shard.sweep(clock.nowSeconds(), maxItems - swept);
      slotsLeft -= shard.sweepScanned();
      if (shard.sweepWrapped()) {
        sweepShard = (sweepShard + 1) & shardMask;
      }
    }
    return swept;
  }

  @Override
  public StoreStats stats() {
    StoreTally tally = tally();
    List<StoreStats.SizeClassStats> perClass = new ArrayList<>(classes.count() + 1);
    for (int cls = 0; cls <= classes.large(); cls++) {
      boolean isLarge = cls == classes.large();
      int chunkSize = isLarge ? config.maxItemSize() : classes.chunkSize(cls);
      int perPage = isLarge ? 1 : classes.chunksPerPage(cls);
      long used = isLarge ? tally.items[cls] : tally.pages[cls] * perPage - tally.freeChunks[cls];
      perClass.add(
          new StoreStats.SizeClassStats(
              cls + 1,
              chunkSize,
              perPage,
              tally.pages[cls],
              used,
              tally.freeChunks[cls],
              tally.items[cls],
              tally.bytesRequested[cls],
              tally.evicted[cls],
              Math.max(0, tally.oldestAge[cls]),
              tally.classOutOfMemory[cls]));
    }
    return new StoreStats(
        tally.currItems,
        tally.totalItems,
        tally.bytes,
        budget.limit(),
        budget.reserved(),
        tally.evictions,
        tally.evictedUnfetched,
        tally.expiredUnfetched,
        tally.reclaimed,
        tally.outOfMemory,
        List.copyOf(perClass));
  }

  /** Bytes held by the shards' hash indexes (not counted in {@code memoryReserved}). */
  long indexBytes() {
    return tally().indexBytes;
  }

  private StoreTally tally() {
    StoreTally tally = new StoreTally(classes.count() + 1);
    java.util.Arrays.fill(tally.oldestAge, -1);
    long now = clock.nowSeconds();
    for (Shard shard : shards) {
      shard.addTo(tally, now);
    }
    return tally;
  }

  @Override
  public StoreConfig config() {
    return config;
  }

  @Override
  public void close() {
    for (Shard shard : shards) {
      shard.close();
    }
    budget.release(budget.reserved());
  }
}
