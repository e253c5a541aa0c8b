package dev.tierkit.cache.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The chunk sizes pages are carved into, memcached's slab classes with a finer growth factor.
 *
 * <p>Sizes start at the smallest item (header plus a one-byte key, rounded to 8: 40 bytes) and grow
 * by {@link #GROWTH_FACTOR} (at least 8 bytes), each one then widened to the largest multiple of 8
 * that still fits the same number of chunks in a page, so no page has a wasted tail. A growth
 * factor of 1.08 wastes on average about 4% of a chunk to rounding (memcached's default 1.25 wastes
 * about 12%), for 48 classes. Classes stop at {@link #MAX_CHUNK} (4 KiB, sixteen chunks a page):
 * near the top, steps are set by the whole number of chunks per page (1/n), and past sixteen a page
 * they would exceed 6%; an exact-size array wastes only its 16-byte JVM header. Bigger items are
 * "large" and get an array of their own, class id {@link #large()}.
 */
final class SizeClasses {
  /** 64 KiB: see {@link SlabStore} for why. */
  static final int PAGE_SIZE = 1 << 16;

  /** The largest chunk; bigger items are stored as large items. */
  static final int MAX_CHUNK = PAGE_SIZE / 16;

  static final double GROWTH_FACTOR = 1.08;
  private static final int ALIGN = 8;

  private final int[] chunkSize;
  private final byte[] classBySize;

  SizeClasses() {
    List<Integer> sizes = new ArrayList<>();
    int size = align(ItemHeader.SIZE + 1);
    while (true) {
      int perPage = PAGE_SIZE / size;
      int widened = (PAGE_SIZE / perPage) & -ALIGN;
      if (widened >= MAX_CHUNK) {
        sizes.add(MAX_CHUNK);
        break;
      }
      sizes.add(widened);
      size = Math.max(widened + ALIGN, align((int) Math.ceil(widened * GROWTH_FACTOR)));
    }
    chunkSize = sizes.stream().mapToInt(Integer::intValue).toArray();
    classBySize = new byte[MAX_CHUNK / ALIGN + 1];
    int cls = 0;
    for (int slot = 0; slot < classBySize.length; slot++) {
      while (chunkSize[cls] < slot * ALIGN) {
        cls++;
      }
      classBySize[slot] = (byte) cls;
    }
  }

  /** Number of slab classes; their ids are 0 to count() - 1. */
  int count() {
    return chunkSize.length;
  }

  /** The id of the large class, one past the slab classes. */
  int large() {
    return chunkSize.length;
  }

  int chunkSize(int cls) {
    return chunkSize[cls];
  }

  int chunksPerPage(int cls) {
    return PAGE_SIZE / chunkSize[cls];
  }

  /** The class for an item of {@code itemSize} bytes (header + key + value). */
  int classFor(int itemSize) {
    return itemSize > MAX_CHUNK ? chunkSize.length : classBySize[(itemSize + ALIGN - 1) / ALIGN];
  }

  private static int align(int size) {
    return (size + ALIGN - 1) & -ALIGN;
  }
}
