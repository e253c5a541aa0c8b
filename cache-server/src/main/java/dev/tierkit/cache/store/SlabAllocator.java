package dev.tierkit.cache.store;

/**
 * Finds memory for one shard's writes: free chunks, new pages from the budget, and when the budget
 * is spent, eviction from the class's LRU tail (segmented with lazy promotion, or FIFO), pages
 * moved between classes, large items and other shards' memory. See {@link SlabStore} for the order
 * and the reasons. Runs under the shard's lock; takes other shards' locks only with {@code
 * tryLock}.
 */
final class SlabAllocator {
  /** Tail items looked at (promoted, demoted) per eviction before the tail is taken regardless. */
  private static final int MAX_EVICTION_STEPS = 16;

  /** Evictions in a class between checks for an older class to take a page from. */
  private static final int AUTOMOVE_INTERVAL = 64;

  private static final int PAGE_SIZE = SizeClasses.PAGE_SIZE;
  private static final int PROBATION = LruLists.PROBATION;
  private static final int PROTECTED = LruLists.PROTECTED;

  private final Shard shard;
  private final Shard[] peers;
  private final SizeClasses classes;
  private final int large;
  private final MemoryBudget budget;
  private final SlabPages pages;
  private final LruLists lru;
  private final boolean segmented;
  private final boolean evictionEnabled;
  private final long[] classAges;
  private final int[] evictTick;
  private int pinned;

  SlabAllocator(
      Shard shard,
      Shard[] peers,
      StoreConfig config,
      SizeClasses classes,
      MemoryBudget budget,
      SlabPages pages,
      LruLists lru) {
    this.shard = shard;
    this.peers = peers;
    this.classes = classes;
    this.large = classes.large();
    this.budget = budget;
    this.pages = pages;
    this.lru = lru;
    this.segmented = config.eviction() == EvictionPolicy.LRU;
    this.evictionEnabled = config.evictionEnabled();
    classAges = new long[classes.count() + 1];
    evictTick = new int[classes.count() + 1];
  }

  /** A chunk or large array for an item of {@code size}; 0 if none. {@code keep} is not evicted. */
  int allocate(int cls, int size, int keep) {
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

  boolean pageToBudget() {
    if (takePage(-1, -1) == null) {
      return false;
    }
    budget.release(PAGE_SIZE);
    return true;
  }

  /** Asks other shards, without waiting for their locks, to give memory back to the budget. */
  private boolean releaseFromPeer() {
    for (int k = 1; k < peers.length; k++) {
      Shard peer = peers[(shard.number() + k) & (peers.length - 1)];
      if (peer.lock.tryLock()) {
        try {
          if (peer.releaseMemory(shard.now())) {
            return true;
          }
        } finally {
          peer.lock.unlock();
        }
      }
    }
    return false;
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
        if (shard.isDead(ref)) {
          shard.reclaim(ref, -1);
        } else {
          shard.evict(ref);
        }
      }
    }
    return pages.removePage(best);
  }

  /** Seconds since the least recently used item of {@code cls} was accessed; -1 if none. */
  long tailAge(int cls) {
    long oldest = Long.MAX_VALUE;
    for (int segment = PROBATION; segment <= PROTECTED; segment++) {
      int tail = tailOf(LruLists.list(cls, segment));
      if (tail != 0) {
        oldest = Math.min(oldest, ItemHeader.accessed(pages.array(tail), SlabPages.offset(tail)));
      }
    }
    return oldest == Long.MAX_VALUE ? -1 : Math.max(0, shard.now() - oldest);
  }

  /**
   * Frees one item of {@code cls}: a dead tail item is reclaimed; under LRU a probation tail that
   * was hit moves to protected instead (protected kept to 4/5 of the class by demoting its tail);
   * after {@link #MAX_EVICTION_STEPS} moves the tail goes whatever its marks. False if the class
   * has nothing but the pinned item.
   */
  boolean evictFrom(int cls) {
    int probation = LruLists.list(cls, PROBATION);
    for (int step = 0; step < MAX_EVICTION_STEPS; step++) {
      int victim = tailOf(probation);
      if (victim == 0) {
        if (!segmented || !demote(cls)) {
          return false;
        }
        continue;
      }
      if (shard.isDead(victim)) {
        shard.reclaim(victim, -1);
        return true;
      }
      byte[] page = pages.array(victim);
      int chunk = SlabPages.offset(victim);
      int bits = ItemHeader.bits(page, chunk);
      if (!segmented || (bits & ItemHeader.ACTIVE) == 0) {
        shard.evict(victim);
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
    if (shard.isDead(victim)) {
      shard.reclaim(victim, -1);
    } else {
      shard.evict(victim);
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
}
