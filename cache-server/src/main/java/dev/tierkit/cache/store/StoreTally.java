package dev.tierkit.cache.store;

/** Counters summed over the shards while {@link SlabStore#stats()} builds its snapshot. */
final class StoreTally {
  long currItems;
  long totalItems;
  long bytes;
  long evictions;
  long evictedUnfetched;
  long expiredUnfetched;
  long reclaimed;
  long outOfMemory;
  long indexBytes;
  final long[] pages;
  final long[] freeChunks;
  final long[] items;
  final long[] bytesRequested;
  final long[] evicted;
  final long[] classOutOfMemory;
  final long[] oldestAge;

  StoreTally(int classCount) {
    pages = new long[classCount];
    freeChunks = new long[classCount];
    items = new long[classCount];
    bytesRequested = new long[classCount];
    evicted = new long[classCount];
    classOutOfMemory = new long[classCount];
    oldestAge = new long[classCount];
  }
}
