package dev.tierkit.cache.store;

/**
 * One shard's LRU lists, two per class (probation and protected; FIFO uses probation only), doubly
 * linked through the prev/next fields of the item headers. Head is most recent, tail is next to
 * evict. Not thread-safe: the shard lock guards it.
 */
final class LruLists {
  static final int PROBATION = 0;
  static final int PROTECTED = 1;

  private final SlabPages pages;
  private final int[] head;
  private final int[] tail;
  private final int[] size;

  LruLists(int classCount, SlabPages pages) {
    this.pages = pages;
    head = new int[classCount * 2];
    tail = new int[classCount * 2];
    size = new int[classCount * 2];
  }

  static int list(int cls, int segment) {
    return cls * 2 + segment;
  }

  int tail(int list) {
    return tail[list];
  }

  int size(int list) {
    return size[list];
  }

  /** The item before {@code ref} (towards the head), or 0. */
  int prev(int ref) {
    return ItemHeader.prev(pages.array(ref), SlabPages.offset(ref));
  }

  void pushHead(int list, int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int first = head[list];
    ItemHeader.setPrev(page, chunk, 0);
    ItemHeader.setNext(page, chunk, first);
    if (first != 0) {
      ItemHeader.setPrev(pages.array(first), SlabPages.offset(first), ref);
    } else {
      tail[list] = ref;
    }
    head[list] = ref;
    size[list]++;
  }

  void unlink(int list, int ref) {
    byte[] page = pages.array(ref);
    int chunk = SlabPages.offset(ref);
    int prev = ItemHeader.prev(page, chunk);
    int next = ItemHeader.next(page, chunk);
    if (prev != 0) {
      ItemHeader.setNext(pages.array(prev), SlabPages.offset(prev), next);
    } else {
      head[list] = next;
    }
    if (next != 0) {
      ItemHeader.setPrev(pages.array(next), SlabPages.offset(next), prev);
    } else {
      tail[list] = prev;
    }
    size[list]--;
  }

  void clear() {
    java.util.Arrays.fill(head, 0);
    java.util.Arrays.fill(tail, 0);
    java.util.Arrays.fill(size, 0);
  }
}
