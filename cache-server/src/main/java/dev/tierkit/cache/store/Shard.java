package dev.tierkit.cache.store;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock's worth of the {@link SlabStore}: an index, pages, free lists, LRU lists and counters,
 * all guarded by {@link #lock}. See {@link SlabStore} for the layout and the policies; this class
 * carries them out.
 */
final class Shard implements ItemIndex.RefMatcher {
  /** Tail items looked at (promoted, demoted) per eviction before the tail is taken regardless. */
  private static final int MAX_EVICTION_STEPS = 16;

  /** Evictions in a class between checks for an older class to take a page from. */
  private static final int AUTOMOVE_INTERVAL = 64;

  /** Index slots a sweep looks at per lock hold. */
  private static final int SWEEP_BATCH = 512;

  private static final int PAGE_SIZE = SizeClasses.PAGE_SIZE;
  private static final int PROBATION = LruLists.PROBATION;
  private static final int PROTECTED = LruLists.PROTECTED;

  final ReentrantLock lock = new ReentrantLock();
  private final int number;
  private final int casShift;
  private final SizeClasses classes;
  private final int large;
  private final MemoryBudget budget;
  private final Shard[] peers;
  private final boolean segmented;
  private final boolean evictionEnabled;
  private final int maxItemSize;
  private final ItemIndex index = new ItemIndex();
  private final SlabPages pages;
  private final LruLists lru;
  private final ShardCursor cursor = new ShardCursor(this);

  private long casCounter;
  private long flushTime;
  private long flushCas;
  private long delayedFlushTime;
  private long now;
  private int pinned;
  private byte[] probeKey;
  private boolean closed;
  private int sweepSlot;
  private boolean sweepWrapped;
  private final long[] classAges;
  private final int[] evictTick;

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

  Shard(int number, Shard[] peers, StoreConfig config, SizeClasses classes, MemoryBudget budget) {
    this.number = number;
    this.casShift = Integer.numberOfTrailingZeros(peers.length);
    this.peers = peers;
    this.classes = classes;
    this.large = classes.large();
    this.budget = budget;
    this.segmented = config.eviction() == EvictionPolicy.LRU;
    this.evictionEnabled = config.evictionEnabled();
    this.maxItemSize = config.maxItemSize();
    this.pages = new SlabPages(classes);
    this.lru = new LruLists(classes.count() + 1, pages);
    int classCount = classes.count() + 1;
    classAges = new long[classCount];
    evictTick = new int[classCount];
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

  private boolean isDead(int ref) {
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
      ref = allocate(cls, size, old);
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
    value.copyTo(page, ItemHeader.keyOffset(chunk) + keyLength);
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
        value.copyTo(oldPage, oldValueAt);
      } else {
        value.copyTo(oldPage, oldValueAt + oldLength);
      }
      ItemHeader.setValueLength(oldPage, oldChunk, oldLength + addLength);
      stored(c, old, old, cls, explicitCas);
      return WriteStatus.STORED;
    }
    int ref = allocate(cls, size, old);
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
      value.copyTo(page, valueAt);
      System.arraycopy(oldPage, oldValueAt, page, valueAt + addLength, oldLength);
    } else {
      System.arraycopy(oldPage, oldValueAt, page, valueAt, oldLength);
      value.copyTo(page, valueAt + oldLength);
    }
    stored(c, old, ref, cls, explicitCas);
    return WriteStatus.STORED;
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
          KeyHash.hash(page, ItemHeader.keyOffset(chunk), ItemHeader.keyLength(page, chunk));
      slot = index.findRef(KeyHash.indexHash(hash), ref);
    }
    index.removeAt(slot);
    release(ref);
  }

  private void reclaim(int ref, int slot) {
    reclaimed++;
    if (!ItemHeader.has(pages.array(ref), SlabPages.offset(ref), ItemHeader.FETCHED)) {
      expiredUnfetched++;
    }
    remove(ref, slot);
  }

  private void evict(int ref) {
    evictions++;
    classEvicted[pages.classOf(ref)]++;
    if (!ItemHeader.has(pages.array(ref), SlabPages.offset(ref), ItemHeader.FETCHED)) {
      evictedUnfetched++;
    }
    remove(ref, -1);
  }

  // ---- allocation ----

  /** A chunk or large array for an item of {@code size}; 0 if none. {@code keep} is not evicted. */
  private int allocate(int cls, int size, int keep) {
    pinned = keep;
    try {
      return cls == large ? allocateLarge(size) : allocateChunk(cls);
    } finally {
      pinned = 0;
    }
  }

  private int allocateChunk(int cls) {
    int ref = pages.takeFree(cls);
    for (int attempt = 0; ref == 0 && attempt < peers.length + 8; attempt++) {
      if (!makeRoom(cls)) {
        return 0;
      }
      ref = pages.takeFree(cls);
    }
    return ref;
  }

  /**
   * One step towards a free chunk of {@code cls}: a new page from the budget; else (eviction on)
   * now and then a page from a class with much older items; else the class's own LRU tail; else a
   * page of another class; else a large item or another shard's memory back to the budget. False
   * when none of these is possible.
   */
  private boolean makeRoom(int cls) {
    if (budget.tryReserve(PAGE_SIZE)) {
      if (pages.addPage(cls, new byte[PAGE_SIZE])) {
        return true;
      }
      budget.release(PAGE_SIZE);
      return false;
    }
    if (!evictionEnabled) {
      return false;
    }
    if (++evictTick[cls] >= AUTOMOVE_INTERVAL) {
      evictTick[cls] = 0;
      if (movePageTo(cls, tailAge(cls))) {
        return true;
      }
    }
    return evictFrom(cls) || movePageTo(cls, -1) || evictFrom(large) || releaseFromPeer();
  }

  private int allocateLarge(int size) {
    int attempts = size / SizeClasses.MAX_CHUNK + 2 * peers.length + 8;
    for (int attempt = 0; attempt < attempts; attempt++) {
      if (budget.tryReserve(size)) {
        int ref = pages.addLarge(new byte[size]);
        if (ref == 0) {
          budget.release(size);
        }
        return ref;
      }
      if (!evictionEnabled) {
        return 0;
      }
      if (!evictFrom(large) && !pageToBudget() && !releaseFromPeer()) {
        return 0;
      }
    }
    return 0;
  }

  /** Gives {@code cls} a page taken from a class whose oldest item is older than ownAge by 25%. */
  private boolean movePageTo(int cls, long ownAge) {
    byte[] page = takePage(cls, ownAge);
    if (page == null) {
      return false;
    }
    if (!pages.addPage(cls, page)) {
      budget.release(PAGE_SIZE);
      return false;
    }
    return true;
  }

  private boolean pageToBudget() {
    if (takePage(-1, -1) == null) {
      return false;
    }
    budget.release(PAGE_SIZE);
    return true;
  }

  /** Asks other shards, without waiting for their locks, to give memory back to the budget. */
  private boolean releaseFromPeer() {
    for (int k = 1; k < peers.length; k++) {
      Shard peer = peers[(number + k) & (peers.length - 1)];
      if (peer.lock.tryLock()) {
        try {
          if (peer.releaseMemory(now)) {
            return true;
          }
        } finally {
          peer.lock.unlock();
        }
      }
    }
    return false;
  }

  /** Frees a large item or a page to the budget; the caller holds this shard's lock. */
  private boolean releaseMemory(long nowSeconds) {
    if (closed) {
      return false;
    }
    now = nowSeconds;
    return (pages.pages(large) > 0 && evictFrom(large)) || pageToBudget();
  }

  /**
   * Empties a slab page of a class other than {@code exclude} and removes it: a page with no items
   * if there is one, else the page with the fewest items in the class whose oldest item is the
   * oldest, if that is more than 5/4 of {@code ownAge} (-1: any age). Never the pinned item's page.
   */
  private byte[] takePage(int exclude, long ownAge) {
    boolean anyOlder = false;
    for (int cls = 0; cls < large; cls++) {
      classAges[cls] = cls == exclude || pages.pages(cls) == 0 ? -1 : tailAge(cls);
      anyOlder |= classAges[cls] * 4 > ownAge * 5;
    }
    if (!anyOlder) {
      return null;
    }
    int keepPage = pinned == 0 ? 0 : SlabPages.pageId(pinned);
    int best = 0;
    long bestAge = -1;
    int bestUsed = Integer.MAX_VALUE;
    for (int id = 1; id < pages.pageIdLimit(); id++) {
      int cls = pages.classOfPage(id);
      if (cls < 0 || cls == large || cls == exclude || id == keepPage) {
        continue;
      }
      int used = pages.usedInPage(id);
      if (used == 0) {
        best = id;
        break;
      }
      long age = classAges[cls];
      if (age * 4 > ownAge * 5 && (age > bestAge || (age == bestAge && used < bestUsed))) {
        best = id;
        bestAge = age;
        bestUsed = used;
      }
    }
    if (best == 0) {
      return null;
    }
    int cls = pages.classOfPage(best);
    byte[] page = pages.array(SlabPages.ref(best, 0));
    int chunkSize = classes.chunkSize(cls);
    for (int k = 0; k < classes.chunksPerPage(cls); k++) {
      int ref = SlabPages.ref(best, k * chunkSize);
      if (ItemHeader.has(page, k * chunkSize, ItemHeader.LINKED)) {
        if (isDead(ref)) {
          reclaim(ref, -1);
        } else {
          evict(ref);
        }
      }
    }
    return pages.removePage(best);
  }

  /** Seconds since the least recently used item of {@code cls} was accessed; -1 if none. */
  private long tailAge(int cls) {
    long oldest = Long.MAX_VALUE;
    for (int segment = PROBATION; segment <= PROTECTED; segment++) {
      int tail = tailOf(LruLists.list(cls, segment));
      if (tail != 0) {
        oldest = Math.min(oldest, ItemHeader.accessed(pages.array(tail), SlabPages.offset(tail)));
      }
    }
    return oldest == Long.MAX_VALUE ? -1 : Math.max(0, now - oldest);
  }

  // ---- eviction ----

  /**
   * Frees one item of {@code cls}: a dead tail item is reclaimed; under LRU a probation tail that
   * was hit moves to protected instead (protected kept to 4/5 of the class by demoting its tail);
   * after {@link #MAX_EVICTION_STEPS} moves the tail goes whatever its marks. False if the class
   * has nothing but the pinned item.
   */
  private boolean evictFrom(int cls) {
    int probation = LruLists.list(cls, PROBATION);
    for (int step = 0; step < MAX_EVICTION_STEPS; step++) {
      int victim = tailOf(probation);
      if (victim == 0) {
        if (!segmented || !demote(cls)) {
          return false;
        }
        continue;
      }
      if (isDead(victim)) {
        reclaim(victim, -1);
        return true;
      }
      byte[] page = pages.array(victim);
      int chunk = SlabPages.offset(victim);
      int bits = ItemHeader.bits(page, chunk);
      if (!segmented || (bits & ItemHeader.ACTIVE) == 0) {
        evict(victim);
        return true;
      }
      lru.unlink(probation, victim);
      ItemHeader.setBits(page, chunk, (bits & ~ItemHeader.ACTIVE) | ItemHeader.PROTECTED);
      int protectedList = LruLists.list(cls, PROTECTED);
      lru.pushHead(protectedList, victim);
      if (lru.size(protectedList) * 5 > (lru.size(protectedList) + lru.size(probation)) * 4) {
        demote(cls);
      }
    }
    int victim = tailOf(probation);
    if (victim == 0) {
      victim = tailOf(LruLists.list(cls, PROTECTED));
    }
    if (victim == 0) {
      return false;
    }
    if (isDead(victim)) {
      reclaim(victim, -1);
    } else {
      evict(victim);
    }
    return true;
  }

  /**
   * Moves the protected tail to the probation head, or back to the protected head (mark cleared) if
   * it was hit since it got there. False if protected has nothing but the pinned item.
   */
  private boolean demote(int cls) {
    int protectedList = LruLists.list(cls, PROTECTED);
    int ref = tailOf(protectedList);
    if (ref == 0) {
      return false;
    }
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int bits = ItemHeader.bits(page, chunk);
    lru.unlink(protectedList, ref);
    if ((bits & ItemHeader.ACTIVE) != 0) {
      ItemHeader.setBits(page, chunk, bits & ~ItemHeader.ACTIVE);
      lru.pushHead(protectedList, ref);
    } else {
      ItemHeader.setBits(page, chunk, bits & ~ItemHeader.PROTECTED);
      lru.pushHead(LruLists.list(cls, PROBATION), ref);
    }
    return true;
  }

  /** The tail of {@code list}, or the one before it when the tail is the pinned item. */
  private int tailOf(int list) {
    int tail = lru.tail(list);
    return tail != 0 && tail == pinned ? lru.prev(tail) : tail;
  }

  // ---- store-wide operations (called by SlabStore) ----

  void flush(long nowSeconds, long delaySeconds) {
    lock.lock();
    try {
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
   * {@link #sweepWrapped()} then says whether this shard's pass reached the end of its index.
   */
  int sweep(long nowSeconds, int maxItems) {
    lock.lock();
    try {
      if (closed) {
        sweepWrapped = true;
        return 0;
      }
      now = nowSeconds;
      int swept = 0;
      int i = Math.min(sweepSlot, index.capacity());
      int end = Math.min(i + SWEEP_BATCH, index.capacity());
      while (i < end && swept < maxItems) {
        int ref = index.refAt(i);
        if (ref != 0 && isDead(ref)) {
          reclaim(ref, i);
          swept++;
        } else {
          i++;
        }
      }
      sweepWrapped = i >= index.capacity();
      sweepSlot = sweepWrapped ? 0 : i;
      return swept;
    } finally {
      lock.unlock();
    }
  }

  boolean sweepWrapped() {
    return sweepWrapped;
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
        tally.oldestAge[cls] = Math.max(tally.oldestAge[cls], tailAge(cls));
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
