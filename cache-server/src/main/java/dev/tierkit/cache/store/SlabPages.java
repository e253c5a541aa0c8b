package dev.tierkit.cache.store;

import java.util.Arrays;

/**
 * One shard's pages and large-item arrays, the chunk references into them, and each slab class's
 * free chunks.
 *
 * <p>A chunk reference is an {@code int}: page id in the high 19 bits, chunk offset / 8 in the low
 * 13 (chunks are 8-byte aligned in a 64 KiB page). Page id 0 is never used, so reference 0 means
 * none. A large item is a page of its own (class {@link SizeClasses#large()}, offset 0) holding an
 * exact-size array, so every item is reached the same way. A shard holds at most 2^19 - 1 pages and
 * large items together (32 GiB of pages); past that, allocation fails like a full budget.
 *
 * <p>Free chunks of a class form a doubly linked list through their header's prev/next fields, so a
 * page given to another class drops its free chunks in O(chunks per page). Memory is not reserved
 * here: the shard reserves against the {@link MemoryBudget} before adding a page. Not thread-safe:
 * the shard lock guards it.
 */
final class SlabPages {
  static final int OFFSET_BITS = 13;
  private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
  private static final int MAX_PAGE_ID = (1 << (32 - OFFSET_BITS)) - 1;
  private static final int FREE = -1;

  private final SizeClasses classes;
  private byte[][] arrays = new byte[16][];
  private int[] pageClass = new int[16];
  private int[] used = new int[16];
  private int[] freeIds = new int[16];
  private int freeIdCount;
  private int nextId = 1;
  private final int[] freeHead;
  private final int[] freeCount;
  private final int[] pages;

  SlabPages(SizeClasses classes) {
    this.classes = classes;
    freeHead = new int[classes.count()];
    freeCount = new int[classes.count()];
    pages = new int[classes.count() + 1];
  }

  static int ref(int pageId, int offset) {
    return (pageId << OFFSET_BITS) | (offset >>> 3);
  }

  static int pageId(int ref) {
    return ref >>> OFFSET_BITS;
  }

  static int offset(int ref) {
    return (ref & OFFSET_MASK) << 3;
  }

  byte[] array(int ref) {
    return arrays[ref >>> OFFSET_BITS];
  }

  int classOf(int ref) {
    return pageClass[ref >>> OFFSET_BITS];
  }

  /** Page ids in use are below this. */
  int pageIdLimit() {
    return nextId;
  }

  /** The class of page {@code pageId}, or -1 if the id is unused. */
  int classOfPage(int pageId) {
    return pageClass[pageId];
  }

  int usedInPage(int pageId) {
    return used[pageId];
  }

  /** Pages held by a slab class, or large items held (for the large class). */
  int pages(int cls) {
    return pages[cls];
  }

  int freeChunks(int cls) {
    return freeCount[cls];
  }

  /** Carves {@code page} into chunks of {@code cls}; false when the shard has no page id left. */
  boolean addPage(int cls, byte[] page) {
    int id = newId();
    if (id == 0) {
      return false;
    }
    arrays[id] = page;
    pageClass[id] = cls;
    used[id] = 0;
    pages[cls]++;
    int size = classes.chunkSize(cls);
    for (int k = classes.chunksPerPage(cls) - 1; k >= 0; k--) {
      pushFree(cls, ref(id, k * size));
    }
    return true;
  }

  /** Takes a free chunk of {@code cls}, or returns 0 when there is none. */
  int takeFree(int cls) {
    int ref = freeHead[cls];
    if (ref != 0) {
      unlinkFree(cls, ref);
      used[pageId(ref)]++;
    }
    return ref;
  }

  /** Returns a chunk to its class's free list. */
  void freeChunk(int ref) {
    used[pageId(ref)]--;
    pushFree(pageClass[pageId(ref)], ref);
  }

  /** Removes a page whose chunks are all free and returns its array for reuse. */
  byte[] removePage(int pageId) {
    if (used[pageId] != 0) {
      throw new IllegalStateException("page " + pageId + " still holds items");
    }
    int cls = pageClass[pageId];
    int size = classes.chunkSize(cls);
    for (int k = 0; k < classes.chunksPerPage(cls); k++) {
      unlinkFree(cls, ref(pageId, k * size));
    }
    pages[cls]--;
    return releaseId(pageId);
  }

  /** Adds a large item's array; returns its reference, or 0 when the shard has no page id left. */
  int addLarge(byte[] array) {
    int id = newId();
    if (id == 0) {
      return 0;
    }
    arrays[id] = array;
    pageClass[id] = classes.large();
    used[id] = 1;
    pages[classes.large()]++;
    return ref(id, 0);
  }

  /** Drops a large item's array and returns it (its length is what the budget gets back). */
  byte[] removeLarge(int ref) {
    pages[classes.large()]--;
    used[pageId(ref)] = 0;
    return releaseId(pageId(ref));
  }

  /** Drops every page and array. */
  void clear() {
    Arrays.fill(arrays, null);
    Arrays.fill(pageClass, FREE);
    Arrays.fill(freeHead, 0);
    Arrays.fill(freeCount, 0);
    Arrays.fill(pages, 0);
    freeIdCount = 0;
    nextId = 1;
  }

  private void pushFree(int cls, int ref) {
    byte[] page = array(ref);
    int chunk = offset(ref);
    int head = freeHead[cls];
    ItemHeader.setBits(page, chunk, 0);
    ItemHeader.setPrev(page, chunk, 0);
    ItemHeader.setNext(page, chunk, head);
    if (head != 0) {
      ItemHeader.setPrev(array(head), offset(head), ref);
    }
    freeHead[cls] = ref;
    freeCount[cls]++;
  }

  private void unlinkFree(int cls, int ref) {
    byte[] page = array(ref);
    int chunk = offset(ref);
    int prev = ItemHeader.prev(page, chunk);
    int next = ItemHeader.next(page, chunk);
    if (prev != 0) {
      ItemHeader.setNext(array(prev), offset(prev), next);
    } else {
      freeHead[cls] = next;
    }
    if (next != 0) {
      ItemHeader.setPrev(array(next), offset(next), prev);
    }
    freeCount[cls]--;
  }

  private int newId() {
    if (freeIdCount > 0) {
      return freeIds[--freeIdCount];
    }
    if (nextId > MAX_PAGE_ID) {
      return 0;
    }
    if (nextId == arrays.length) {
      int length = Math.min(arrays.length * 2, MAX_PAGE_ID + 1);
      arrays = Arrays.copyOf(arrays, length);
      pageClass = Arrays.copyOf(pageClass, length);
      used = Arrays.copyOf(used, length);
    }
    return nextId++;
  }

  private byte[] releaseId(int pageId) {
    byte[] array = arrays[pageId];
    arrays[pageId] = null;
    pageClass[pageId] = FREE;
    if (freeIdCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeIds.length * 2);
    }
    freeIds[freeIdCount++] = pageId;
    return array;
  }
}
