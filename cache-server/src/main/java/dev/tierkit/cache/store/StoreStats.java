package dev.tierkit.cache.store;

import java.util.List;

/**
 * A snapshot of store counters under memcached's names.
 *
 * @param currItems live items now ({@code curr_items})
 * @param totalItems items stored since start ({@code total_items})
 * @param bytes bytes taken by live items: key, value and per-item header ({@code bytes})
 * @param limitMaxBytes the memory bound ({@code limit_maxbytes})
 * @param memoryReserved bytes of memory the store has taken for items (pages and large items),
 *     never above {@code limitMaxBytes}
 * @param evictions live items evicted to make room ({@code evictions})
 * @param evictedUnfetched evicted items that were never fetched ({@code evicted_unfetched})
 * @param expiredUnfetched expired items reclaimed that were never fetched ({@code
 *     expired_unfetched})
 * @param reclaimed times memory of an expired item was reused ({@code reclaimed})
 * @param outOfMemory writes refused for lack of memory
 * @param classes per size class figures, for {@code stats slabs} and {@code stats items}; empty for
 *     stores without size classes
 */
public record StoreStats(
    long currItems,
    long totalItems,
    long bytes,
    long limitMaxBytes,
    long memoryReserved,
    long evictions,
    long evictedUnfetched,
    long expiredUnfetched,
    long reclaimed,
    long outOfMemory,
    List<SizeClassStats> classes) {

  /**
   * One size class.
   *
   * @param id class number, from 1
   * @param chunkSize bytes per chunk
   * @param chunksPerPage chunks in one page
   * @param pages pages held by the class
   * @param usedChunks chunks holding items
   * @param freeChunks chunks free in the class's pages
   * @param items live items in the class
   * @param bytesRequested bytes items of the class actually need (without chunk rounding)
   * @param evicted items evicted from the class
   * @param oldestAgeSeconds seconds since the least recently used item was accessed
   * @param outOfMemory writes the class could not serve
   */
  public record SizeClassStats(
      int id,
      int chunkSize,
      int chunksPerPage,
      long pages,
      long usedChunks,
      long freeChunks,
      long items,
      long bytesRequested,
      long evicted,
      long oldestAgeSeconds,
      long outOfMemory) {}
}
