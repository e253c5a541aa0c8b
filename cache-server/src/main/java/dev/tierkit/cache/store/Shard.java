package dev.tierkit.cache.store;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock's worth of the {@link SlabStore}: an index, pages, free lists, LRU lists and counters,
 * all guarded by {@link #lock}. This class does lookups, writes, removal, flush, sweep and
 * counters; finding memory for a write (eviction, page moves) is {@link SlabAllocator}'s. See
 * {@link SlabStore} for the layout and the policies.
 */
final class Shard implements ItemIndex.RefMatcher {
  /** Index slots a sweep looks at per lock hold. */
  private static final int SWEEP_BATCH = 512;

  private static final int PROBATION = LruLists.PROBATION;
  private static final int PROTECTED = LruLists.PROTECTED;

  final ReentrantLock lock = new ReentrantLock();
  private final int number;
  private final int casShift;
  private final SizeClasses classes;
  private final int large;
  private final MemoryBudget budget;
  private final int maxItemSize;
  private final long hashSeed;
  private final ItemIndex index = new ItemIndex();
  private final SlabPages pages;
  private final LruLists lru;
  private final SlabAllocator allocator;
  private final ShardCursor cursor = new ShardCursor(this);

  private long casCounter;
  private long flushTime;
  private long flushCas;
  private long delayedFlushTime;
  private long now;
  private byte[] probeKey;
  private boolean closed;
  private int sweepSlot;
  private boolean sweepWrapped;
  private int sweepScanned;

  private long currItems;
  private long totalItems;
  private long bytes;
  private long evictions;
  private long evictedUnfetched;
  private long expiredUnfetched;
  private long reclaimed;
  private long outOfMemory;
  private final long[] classItems;
  private final long[] classBytes;
  private final long[] classEvicted;
  private final long[] classOutOfMemory;

  Shard(
      int number,
      Shard[] peers,
      StoreConfig config,
      SizeClasses classes,
      MemoryBudget budget,
      long hashSeed) {
    this.number = number;
    this.casShift = Integer.numberOfTrailingZeros(peers.length);
    this.classes = classes;
    this.large = classes.large();
    this.budget = budget;
    this.maxItemSize = config.maxItemSize();
    this.hashSeed = hashSeed;
    this.pages = new SlabPages(classes);
    this.lru = new LruLists(classes.count() + 1, pages);
    this.allocator = new SlabAllocator(this, peers, config, classes, budget, pages, lru);
    int classCount = classes.count() + 1;
    classItems = new long[classCount];
    classBytes = new long[classCount];
    classEvicted = new long[classCount];
    classOutOfMemory = new long[classCount];
  }

  <T> T apply(byte[] key, int hash, long nowSeconds, KeyOperation<T> operation) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("store is closed");
      }
      if (cursor.inUse()) {
        throw new IllegalStateException("an operation called back into the store");
      }
      now = nowSeconds;
      cursor.open(key, hash);
      try {
        lookup(cursor);
        return operation.apply(cursor);
      } finally {
        cursor.release();
      }
    } finally {
      lock.unlock();
    }
  }

  SlabPages pages() {
    return pages;
  }

  int number() {
    return number;
  }

  long now() {
    return now;
  }

  // ---- lookups ----

  private void lookup(ShardCursor c) {
    probeKey = c.key();
    int slot = index.find(c.hash(), this);
    probeKey = null;
    if (slot < 0) {
      return;
    }
    int ref = index.refAt(slot);
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    if (isFlushed(page, chunk)) {
      c.markFound(false);
      reclaim(ref, slot);
    } else if (isExpired(page, chunk)) {
      c.markFound(true);
      reclaim(ref, slot);
    } else {
      c.attach(
          ref, ItemHeader.accessed(page, chunk), ItemHeader.has(page, chunk, ItemHeader.FETCHED));
    }
  }

  @Override
  public boolean matches(int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    byte[] key = probeKey;
    int keyAt = ItemHeader.keyOffset(chunk);
    return ItemHeader.keyLength(page, chunk) == key.length
        && Arrays.equals(page, keyAt, keyAt + key.length, key, 0, key.length);
  }

  private boolean isExpired(byte[] page, int chunk) {
    long expires = ItemHeader.expires(page, chunk);
    return expires != 0 && expires <= now;
  }

  private boolean isFlushed(byte[] page, int chunk) {
    if (flushTime == 0 && delayedFlushTime == 0) {
      return false;
    }
    long accessed = ItemHeader.accessed(page, chunk);
    if (accessed < flushTime
        || (accessed == flushTime
            && Long.compareUnsigned(ItemHeader.cas(page, chunk), flushCas) < 0)) {
      return true;
    }
    return delayedFlushTime != 0 && now >= delayedFlushTime && accessed < delayedFlushTime;
  }

  boolean isDead(int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    return isFlushed(page, chunk) || isExpired(page, chunk);
  }

  // ---- writes (called by the cursor, lock held) ----

  WriteStatus write(ShardCursor c, int flags, long expiresAt, ValueSource value, long explicitCas) {
    int keyLength = c.key().length;
    int valueLength = value.length();
    long total = (long) ItemHeader.SIZE + keyLength + valueLength;
    if (total > maxItemSize) {
      return WriteStatus.TOO_LARGE;
    }
    int size = (int) total;
    int cls = classes.classFor(size);
    int old = c.ref();
    int ref;
    if (old != 0 && fitsInPlace(old, cls, size)) {
      ref = old;
      detach(old);
    } else {
      ref = allocator.allocate(cls, size, old);
      if (ref == 0) {
        return refuse(cls);
      }
    }
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    if (ref != old) {
      ItemHeader.setKeyLength(page, chunk, keyLength);
      System.arraycopy(c.key(), 0, page, ItemHeader.keyOffset(chunk), keyLength);
    }
    ItemHeader.setFlags(page, chunk, flags);
    ItemHeader.setExpires(page, chunk, expiresAt);
    ItemHeader.setValueLength(page, chunk, valueLength);
    copyIn(c, value, page, ItemHeader.keyOffset(chunk) + keyLength, ref);
    stored(c, old, ref, cls, explicitCas);
    return WriteStatus.STORED;
  }

  WriteStatus concat(ShardCursor c, ValueSource value, boolean prepend, long explicitCas) {
    int old = c.ref();
    byte[] oldPage = pages.array(old);
    int oldChunk = SlabPages.offset(old);
    int keyLength = ItemHeader.keyLength(oldPage, oldChunk);
    int oldLength = ItemHeader.valueLength(oldPage, oldChunk);
    int addLength = value.length();
    long total = (long) ItemHeader.SIZE + keyLength + oldLength + addLength;
    if (total > maxItemSize) {
      return WriteStatus.TOO_LARGE;
    }
    int size = (int) total;
    int cls = classes.classFor(size);
    int oldValueAt = ItemHeader.valueOffset(oldPage, oldChunk);
    if (fitsInPlace(old, cls, size)) {
      detach(old);
      if (prepend) {
        System.arraycopy(oldPage, oldValueAt, oldPage, oldValueAt + addLength, oldLength);
        copyIn(c, value, oldPage, oldValueAt, old);
      } else {
        copyIn(c, value, oldPage, oldValueAt + oldLength, old);
      }
      ItemHeader.setValueLength(oldPage, oldChunk, oldLength + addLength);
      stored(c, old, old, cls, explicitCas);
      return WriteStatus.STORED;
    }
    int ref = allocator.allocate(cls, size, old);
    if (ref == 0) {
      return refuse(cls);
    }
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    ItemHeader.setKeyLength(page, chunk, keyLength);
    System.arraycopy(
        oldPage, ItemHeader.keyOffset(oldChunk), page, ItemHeader.keyOffset(chunk), keyLength);
    ItemHeader.setFlags(page, chunk, ItemHeader.flags(oldPage, oldChunk));
    ItemHeader.setExpires(page, chunk, ItemHeader.expires(oldPage, oldChunk));
    ItemHeader.setValueLength(page, chunk, oldLength + addLength);
    int valueAt = ItemHeader.keyOffset(chunk) + keyLength;
    if (prepend) {
      copyIn(c, value, page, valueAt, ref);
      System.arraycopy(oldPage, oldValueAt, page, valueAt + addLength, oldLength);
    } else {
      System.arraycopy(oldPage, oldValueAt, page, valueAt, oldLength);
      copyIn(c, value, page, valueAt + oldLength, ref);
    }
    stored(c, old, ref, cls, explicitCas);
    return WriteStatus.STORED;
  }

  /**
   * Copies the value in; if the source throws, gives back the memory of {@code ref} (a new chunk,
   * or the cursor's own item being rewritten in place, which is then lost) and rethrows.
   */
  private void copyIn(ShardCursor c, ValueSource value, byte[] page, int at, int ref) {
    try {
      value.copyTo(page, at);
    } catch (RuntimeException | Error e) {
      if (ref == c.ref()) {
        index.removeAt(index.findRef(c.hash(), ref));
        c.attach(0, 0, false);
      }
      if (pages.classOf(ref) == large) {
        budget.release(pages.removeLarge(ref).length);
      } else {
        pages.freeChunk(ref);
      }
      throw e;
    }
  }

  void overwrite(ShardCursor c, byte[] value, long explicitCas) {
    int ref = c.ref();
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    if (value.length != ItemHeader.valueLength(page, chunk)) {
      throw new IllegalArgumentException(
          "overwrite needs " + ItemHeader.valueLength(page, chunk) + " bytes, got " + value.length);
    }
    System.arraycopy(value, 0, page, ItemHeader.valueOffset(page, chunk), value.length);
    ItemHeader.setCas(page, chunk, explicitCas != 0 ? explicitCas : nextCas());
    ItemHeader.setAccessed(page, chunk, now);
    int bits = ItemHeader.bits(page, chunk);
    ItemHeader.setBits(page, chunk, bits & ~(ItemHeader.STALE | ItemHeader.WIN));
  }

  void delete(ShardCursor c) {
    int ref = c.ref();
    index.removeAt(index.findRef(c.hash(), ref));
    release(ref);
  }

  void recordAccess(int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int bits = ItemHeader.bits(page, chunk);
    ItemHeader.setBits(page, chunk, bits | ItemHeader.FETCHED | ItemHeader.ACTIVE);
    ItemHeader.setAccessed(page, chunk, now);
  }

  void setBit(int ref, int bit, boolean on) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int bits = ItemHeader.bits(page, chunk);
    ItemHeader.setBits(page, chunk, on ? bits | bit : bits & ~bit);
  }

  void setCas(int ref, long cas) {
    ItemHeader.setCas(pages.array(ref), SlabPages.offset(ref), cas != 0 ? cas : nextCas());
  }

  private boolean fitsInPlace(int old, int cls, int size) {
    return pages.classOf(old) == cls && (cls != large || pages.array(old).length == size);
  }

  /** Finishes a write into {@code ref}: header marks, LRU, index, counters, the old item. */
  private void stored(ShardCursor c, int old, int ref, int cls, long explicitCas) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    ItemHeader.setCas(page, chunk, explicitCas != 0 ? explicitCas : nextCas());
    ItemHeader.setAccessed(page, chunk, now);
    ItemHeader.setBits(page, chunk, ItemHeader.LINKED);
    lru.pushHead(LruLists.list(cls, PROBATION), ref);
    int size = ItemHeader.itemSize(page, chunk);
    currItems++;
    totalItems++;
    bytes += size;
    classItems[cls]++;
    classBytes[cls] += size;
    if (old == 0) {
      index.insert(c.hash(), ref);
    } else if (old != ref) {
      index.replaceRef(index.findRef(c.hash(), old), ref);
      release(old);
    }
    c.attach(ref, now, false);
  }

  private WriteStatus refuse(int cls) {
    outOfMemory++;
    classOutOfMemory[cls]++;
    return WriteStatus.NO_MEMORY;
  }

  private long nextCas() {
    return (++casCounter << casShift) | number;
  }

  // ---- removal ----

  /** Takes the item out of the LRU and the counters, keeping its memory and index slot. */
  private void detach(int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int cls = pages.classOf(ref);
    int segment = ItemHeader.has(page, chunk, ItemHeader.PROTECTED) ? PROTECTED : PROBATION;
    lru.unlink(LruLists.list(cls, segment), ref);
    int size = ItemHeader.itemSize(page, chunk);
    currItems--;
    bytes -= size;
    classItems[cls]--;
    classBytes[cls] -= size;
  }

  /** Detaches an item already out of the index and frees its memory. */
  private void release(int ref) {
    detach(ref);
    if (pages.classOf(ref) == large) {
      budget.release(pages.removeLarge(ref).length);
    } else {
      pages.freeChunk(ref);
    }
  }

  /** Removes an item from the index ({@code slot}, or -1 to find it by its key) and frees it. */
  private void remove(int ref, int slot) {
    if (slot < 0) {
      byte[] page = pages.array(ref);
      int chunk = SlabPages.offset(ref);
      long hash =
          KeyHash.hash(
              page, ItemHeader.keyOffset(chunk), ItemHeader.keyLength(page, chunk), hashSeed);
      slot = index.findRef(KeyHash.indexHash(hash), ref);
    }
    index.removeAt(slot);
    release(ref);
  }

  void reclaim(int ref, int slot) {
    reclaimed++;
    if (!ItemHeader.has(pages.array(ref), SlabPages.offset(ref), ItemHeader.FETCHED)) {
      expiredUnfetched++;
    }
    remove(ref, slot);
  }

  void evict(int ref) {
    evictions++;
    classEvicted[pages.classOf(ref)]++;
    if (!ItemHeader.has(pages.array(ref), SlabPages.offset(ref), ItemHeader.FETCHED)) {
      evictedUnfetched++;
    }
    remove(ref, -1);
  }

  /** Frees a large item or a page to the budget; the caller holds this shard's lock. */
  boolean releaseMemory(long nowSeconds) {
    if (closed) {
      return false;
    }
    now = nowSeconds;
    return (pages.pages(large) > 0 && allocator.evictFrom(large)) || allocator.pageToBudget();
  }

  // ---- store-wide operations (called by SlabStore) ----

  void flush(long nowSeconds, long delaySeconds) {
    lock.lock();
    try {
      if (delayedFlushTime != 0 && nowSeconds >= delayedFlushTime) {
        // a delayed flush that has come stays in force, as an immediate one at its time
        if (delayedFlushTime > flushTime) {
          flushTime = delayedFlushTime;
          flushCas = 0;
        }
        delayedFlushTime = 0;
      }
      if (delaySeconds <= 0) {
        flushTime = Math.max(nowSeconds, 1);
        flushCas = ((casCounter + 1) << casShift) | number;
        delayedFlushTime = 0;
      } else {
        delayedFlushTime = nowSeconds + delaySeconds;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reclaims dead items among the next {@link #SWEEP_BATCH} index slots, at most {@code maxItems};
   * {@link #sweepScanned()} then says how many slots it moved past and {@link #sweepWrapped()}
   * whether it reached the end of the index (the next batch starts over at slot 0).
   */
  int sweep(long nowSeconds, int maxItems) {
    lock.lock();
    try {
      if (closed) {
        sweepScanned = index.capacity();
        sweepWrapped = true;
        return 0;
      }
      now = nowSeconds;
      int swept = 0;
      int start = Math.min(sweepSlot, index.capacity());
      int end = Math.min(start + SWEEP_BATCH, index.capacity());
      int i = start;
      while (i < end && swept < maxItems) {
        int ref = index.refAt(i);
        if (ref != 0 && isDead(ref)) {
          reclaim(ref, i); // a later entry may shift into slot i: look at it again
          swept++;
        } else {
          i++;
        }
      }
      sweepScanned = i - start;
      sweepWrapped = i >= index.capacity();
      sweepSlot = sweepWrapped ? 0 : i;
      return swept;
    } finally {
      lock.unlock();
    }
  }

  int sweepScanned() {
    return sweepScanned;
  }

  boolean sweepWrapped() {
    return sweepWrapped;
  }

  int indexCapacity() {
    lock.lock();
    try {
      return index.capacity();
    } finally {
      lock.unlock();
    }
  }

  /** Adds this shard's counters to {@code tally}. */
  void addTo(StoreTally tally, long nowSeconds) {
    lock.lock();
    try {
      now = nowSeconds;
      tally.currItems += currItems;
      tally.totalItems += totalItems;
      tally.bytes += bytes;
      tally.evictions += evictions;
      tally.evictedUnfetched += evictedUnfetched;
      tally.expiredUnfetched += expiredUnfetched;
      tally.reclaimed += reclaimed;
      tally.outOfMemory += outOfMemory;
      tally.indexBytes += index.capacity() * 8L;
      for (int cls = 0; cls <= large; cls++) {
        tally.pages[cls] += pages.pages(cls);
        tally.freeChunks[cls] += cls == large ? 0 : pages.freeChunks(cls);
        tally.items[cls] += classItems[cls];
        tally.bytesRequested[cls] += classBytes[cls];
        tally.evicted[cls] += classEvicted[cls];
        tally.classOutOfMemory[cls] += classOutOfMemory[cls];
        tally.oldestAge[cls] = Math.max(tally.oldestAge[cls], allocator.tailAge(cls));
      }
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      index.clear();
      pages.clear();
      lru.clear();
      currItems = 0;
      bytes = 0;
      Arrays.fill(classItems, 0);
      Arrays.fill(classBytes, 0);
    } finally {
      lock.unlock();
    }
  }
}
