package dev.tierkit.cache.store;

/**
 * One shard's hash index: open addressing with linear probing over a {@code long[]}, each slot
 * holding the high 32 bits of the key hash above a 32-bit chunk reference (0 = empty slot; a
 * reference is never 0). The stored hash gives the slot's home and filters candidates, so a key is
 * compared only when all 32 bits match. Deletion shifts later entries back (no tombstones).
 *
 * <p>Grows by doubling past a load of 3/4 (at most 2^30 slots); never shrinks. Costs 8 bytes a
 * slot, 10.7 to 21.3 bytes per item depending on where the table is in its doubling. Not
 * thread-safe: the shard lock guards it.
 */
final class ItemIndex {
  /** Decides whether the item at a chunk reference has the key being looked up. */
  @FunctionalInterface
  interface RefMatcher {
    boolean matches(int ref);
  }

  private static final int MIN_CAPACITY = 1 << 10;
  private static final int MAX_CAPACITY = 1 << 30;

  private long[] slots = new long[MIN_CAPACITY];
  private int mask = MIN_CAPACITY - 1;
  private int size;

  int size() {
    return size;
  }

  int capacity() {
    return slots.length;
  }

  /** The slot of the entry with {@code hash} that {@code matcher} accepts, or -1. */
  int find(int hash, RefMatcher matcher) {
    long[] table = slots;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == 0) {
        return -1;
      }
      if ((int) (slot >>> 32) == hash && matcher.matches((int) slot)) {
        return i;
      }
    }
  }

  /** The slot holding {@code ref}, which must be in the index under {@code hash}. */
  int findRef(int hash, int ref) {
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = slots[i];
      if (slot == 0) {
        throw new IllegalStateException("chunk " + ref + " is not indexed");
      }
      if ((int) slot == ref) {
        return i;
      }
    }
  }

  /** The chunk reference in slot {@code i}, 0 if the slot is empty. */
  int refAt(int i) {
    return (int) slots[i];
  }

  void insert(int hash, int ref) {
    if (size >= slots.length - (slots.length >>> 2)) {
      grow();
    }
    place(slots, mask, entry(hash, ref));
    size++;
  }

  void replaceRef(int i, int ref) {
    slots[i] = (slots[i] & 0xFFFF_FFFF_0000_0000L) | (ref & 0xFFFF_FFFFL);
  }

  /** Empties slot {@code i}, shifting back the entries whose probe run crossed it. */
  void removeAt(int i) {
    int hole = i;
    for (int j = (i + 1) & mask; ; j = (j + 1) & mask) {
      long slot = slots[j];
      if (slot == 0) {
        break;
      }
      int home = (int) (slot >>> 32) & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[hole] = slot;
        hole = j;
      }
    }
    slots[hole] = 0;
    size--;
  }

  private void grow() {
    if (slots.length == MAX_CAPACITY) {
      throw new IllegalStateException("index of " + MAX_CAPACITY + " slots is full");
    }
    long[] bigger = new long[slots.length * 2];
    int biggerMask = bigger.length - 1;
    for (long slot : slots) {
      if (slot != 0) {
        place(bigger, biggerMask, slot);
      }
    }
    slots = bigger;
    mask = biggerMask;
  }

  private static void place(long[] table, int mask, long entry) {
    int i = (int) (entry >>> 32) & mask;
    while (table[i] != 0) {
      i = (i + 1) & mask;
    }
    table[i] = entry;
  }

  /** Drops every entry and shrinks back to the initial capacity. */
  void clear() {
    slots = new long[MIN_CAPACITY];
    mask = MIN_CAPACITY - 1;
    size = 0;
  }

  private static long entry(int hash, int ref) {
    return ((long) hash << 32) | (ref & 0xFFFF_FFFFL);
  }
}
