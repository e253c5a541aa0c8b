package dev.tierkit.cdn.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.tierkit.cdn.purge.PurgeGenerations;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The edge's object store: a memory tier bounded in bytes, and an optional disk tier that keeps
 * objects and its index across a restart.
 *
 * <h2>Memory tier</h2>
 *
 * <p>A Caffeine cache from primary key to its {@code Variants} (an immutable list replaced
 * copy-on-write, so {@link #memoryVariants} is a lock-free read), weighted by the sum of {@link
 * CachedObject#weight()} and bounded by {@link StoreConfig#memoryBytes()}. Eviction is Caffeine's
 * W-TinyLFU: a small admission window in front of a segmented LRU main space, where a newcomer
 * enters the main space only if its estimated frequency (a count-min sketch with periodic aging)
 * beats the victim's. A CDN edge sees crawlers scanning the long tail and a flood of one-hit
 * wonders; under pure LRU each of them pushes out a popular object, under TinyLFU they mostly die
 * in the window, and the byte weighting keeps one large file from costing as much as a thousand
 * small ones at the same frequency.
 *
 * <p>Expiry follows the clock passed to {@link #open}: a key lives until the last of its variants
 * is past {@code responseTime + fresh - initialAge + max(stale-while-revalidate, stale-if-error,
 * keep)}. The keep window lets a stale object with validators be revalidated with a 304 rather than
 * fetched again. Caffeine's maintenance (eviction, expiry, the removal listener that only counts)
 * runs on the calling thread ({@code Runnable::run}): it is amortised, bounded work with no I/O, so
 * it is acceptable on an event loop and keeps behaviour deterministic in tests.
 *
 * <h2>Disk tier</h2>
 *
 * <p>When {@link StoreConfig#diskDir()} is set, every stored object is also queued for a write on
 * the disk thread; memory evictions leave the disk copy, and {@link #variants} reads it back,
 * verifying its checksums, and promotes it into memory. See {@code DiskTier} for the file layout,
 * the index and the thread model, and {@code ObjectFile} for the format. Nothing here blocks the
 * caller on disk except {@link #open} (index rebuild from file headers) and {@link #close} (drains
 * the queued writes).
 *
 * <p>Limits: objects heavier than {@link StoreConfig#maxObjectBytes()} are refused; queued disk
 * writes hold at most {@link #DEFAULT_WRITE_QUEUE_BYTES} (or the bound given to {@link #open(
 * StoreConfig, PurgeGenerations, LongSupplier, long)}), past which writes are dropped and counted.
 *
 * <p>The store does not check purges on lookups; callers compare each object with {@link
 * PurgeGenerations#validity}. At open, hard-purged files are deleted.
 */
public final class ObjectStore implements AutoCloseable {
  /** The default bound on bytes waiting in the disk write queue: 64 MiB. */
  public static final long DEFAULT_WRITE_QUEUE_BYTES = 64L * 1024 * 1024;

  /**
   * Counters for metrics.
   *
   * @param memoryBytes weighted bytes in the memory tier
   * @param memoryObjects variants in the memory tier
   * @param diskBytes file bytes in the disk tier
   * @param diskObjects variants (files) in the disk tier
   * @param evictions memory-tier entries evicted for size (expiry not counted)
   * @param diskWrites files written
   * @param diskReads files read back
   * @param diskWriteDrops writes dropped because the write queue was full (or the store closed)
   * @param diskErrors failed writes, and files found corrupt, torn or unreadable (then deleted)
   */
  public record Stats(
      long memoryBytes,
      long memoryObjects,
      long diskBytes,
      long diskObjects,
      long evictions,
      long diskWrites,
      long diskReads,
      long diskWriteDrops,
      long diskErrors) {}

  private final StoreConfig config;
  private final Cache<String, Variants> memory;
  private final DiskTier disk;
  private final AtomicLong memoryObjects = new AtomicLong();
  private final AtomicLong evictions = new AtomicLong();
  private final AtomicLong removals = new AtomicLong();
  private volatile boolean closed;

  private ObjectStore(StoreConfig config, DiskTier disk, LongSupplier clockMillis) {
    this.config = config;
    this.disk = disk;
    this.memory =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clockMillis.getAsLong() * 1_000_000L)
            .maximumWeight(config.memoryBytes())
            .<String, Variants>weigher((k, v) -> v.weight)
            .expireAfter(new DiskTier.DeadlineExpiry<String, Variants>(v -> v.deadlineMillis))
            .removalListener(this::onMemoryRemoval)
            .build();
  }

  /**
   * Opens a store; with a disk directory, rebuilds its index from the files' headers (blocking).
   */
  public static ObjectStore open(
      StoreConfig config, PurgeGenerations generations, LongSupplier clockMillis)
      throws IOException {
    return open(config, generations, clockMillis, DEFAULT_WRITE_QUEUE_BYTES);
  }

  /** As {@link #open(StoreConfig, PurgeGenerations, LongSupplier)}, with a write-queue bound. */
  public static ObjectStore open(
      StoreConfig config,
      PurgeGenerations generations,
      LongSupplier clockMillis,
      long writeQueueBytes)
      throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(generations, "generations");
    Objects.requireNonNull(clockMillis, "clockMillis");
    if (writeQueueBytes <= 0) {
      throw new IllegalArgumentException("writeQueueBytes must be > 0, got " + writeQueueBytes);
    }
    DiskTier disk = null;
    if (config.diskDir() != null) {
      disk =
          new DiskTier(
              config.diskDir(),
              config.diskBytes(),
              config.keepMillis(),
              writeQueueBytes,
              clockMillis,
              generations);
      disk.open();
    }
    return new ObjectStore(config, disk, clockMillis);
  }

  /**
   * The variants of {@code primaryKey} in memory; never touches disk; {@code List.of()} if none.
   */
  public List<CachedObject> memoryVariants(String primaryKey) {
    Variants v = memory.getIfPresent(primaryKey);
    return v == null ? List.of() : v.objects;
  }

  /**
   * The variants of {@code primaryKey}: from memory (an already-completed future), else read from
   * disk on the disk thread, checksums verified, promoted into memory, completing on the disk
   * thread; {@code List.of()} when the key is in neither tier. Memory is also bypassed when its
   * list for the key was started by a put while the disk held the key (after a restart or an
   * eviction), so the disk's other variants are merged in rather than fetched again.
   */
  public CompletableFuture<List<CachedObject>> variants(String primaryKey) {
    Variants inMemory = memory.getIfPresent(primaryKey);
    if (disk == null || closed || (inMemory != null && inMemory.complete)) {
      return CompletableFuture.completedFuture(inMemory == null ? List.of() : inMemory.objects);
    }
    long removalsBefore = removals.get();
    return disk.read(primaryKey, loaded -> promote(primaryKey, loaded, removalsBefore));
  }

  /** Merges what the disk held into memory; returns the key's variants as they now stand. */
  private List<CachedObject> promote(
      String primaryKey, List<CachedObject> loaded, long removalsBefore) {
    if (closed) {
      return loaded;
    }
    List<CachedObject> fitting =
        loaded.stream().filter(o -> o.weight() <= config.maxObjectBytes()).toList();
    Variants after =
        memory
            .asMap()
            .compute(
                primaryKey,
                (k, old) -> {
                  // A removal since the read began (a URL purge, say) must not be undone by
                  // promoting what the read found; checked under the key's lock, which the
                  // removal's own invalidation also takes.
                  if (removals.get() != removalsBefore || (old == null && fitting.isEmpty())) {
                    return old;
                  }
                  Variants next = Variants.merge(old, fitting, config.keepMillis());
                  memoryObjects.addAndGet(
                      next.objects.size() - (old == null ? 0 : old.objects.size()));
                  return next;
                });
    return after == null ? loaded : after.objects;
  }

  /**
   * Stores {@code object}, replacing the variant with the same variant key, or every variant when
   * the Vary names changed; queues a disk write when there is a disk tier. False, with nothing
   * stored, when it is heavier than {@link StoreConfig#maxObjectBytes()}.
   */
  public boolean put(CachedObject object) {
    if (object.weight() > config.maxObjectBytes()) {
      return false;
    }
    boolean diskMayHoldOthers = disk != null && disk.mayHold(object.primaryKey());
    memory
        .asMap()
        .compute(
            object.primaryKey(),
            (k, old) -> {
              Variants next = Variants.with(old, object, config.keepMillis(), diskMayHoldOthers);
              memoryObjects.addAndGet(next.objects.size() - (old == null ? 0 : old.objects.size()));
              return next;
            });
    if (disk != null && !closed) {
      disk.write(object);
    }
    return true;
  }

  /** Removes every variant of {@code primaryKey} from both tiers. */
  public void remove(String primaryKey) {
    removals.incrementAndGet();
    memory.invalidate(primaryKey);
    if (disk != null) {
      disk.remove(primaryKey);
    }
  }

  /** Removes one variant from both tiers. */
  public void remove(String primaryKey, String variantKey) {
    removals.incrementAndGet();
    memory
        .asMap()
        .computeIfPresent(
            primaryKey,
            (k, old) -> {
              Variants next = Variants.without(old, variantKey, config.keepMillis());
              if (next != null) {
                memoryObjects.addAndGet(next.objects.size() - old.objects.size());
              }
              return next; // null: the listener counts the removal
            });
    if (disk != null) {
      disk.remove(primaryKey, variantKey);
    }
  }

  /** Removes everything from both tiers. */
  public void clear() {
    removals.incrementAndGet();
    memory.invalidateAll();
    if (disk != null) {
      disk.clear();
    }
  }

  /**
   * Completes once every disk operation queued before it is done (immediately without a disk tier);
   * for an orderly admin response and for tests.
   */
  public CompletableFuture<Void> flush() {
    return disk == null || closed ? CompletableFuture.completedFuture(null) : disk.barrier();
  }

  /** The counters, for metrics. */
  public Stats stats() {
    return new Stats(
        memory.policy().eviction().orElseThrow().weightedSize().orElse(0),
        memoryObjects.get(),
        disk == null ? 0 : disk.bytes(),
        disk == null ? 0 : disk.objects(),
        evictions.get(),
        disk == null ? 0 : disk.writes.get(),
        disk == null ? 0 : disk.reads.get(),
        disk == null ? 0 : disk.writeDrops.get(),
        disk == null ? 0 : disk.errors.get());
  }

  /** Runs pending memory-tier maintenance now (eviction, expiry). */
  void cleanUp() {
    memory.cleanUp();
  }

  Cache<String, Variants> memory() {
    return memory;
  }

  DiskTier disk() {
    return disk;
  }

  /** Writes the queued disk writes, then stops the disk thread; the memory tier is dropped. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (disk != null) {
      disk.close();
    }
  }

  private void onMemoryRemoval(String key, Variants value, RemovalCause cause) {
    if (value == null || cause == RemovalCause.REPLACED) {
      return;
    }
    memoryObjects.addAndGet(-value.objects.size());
    if (cause == RemovalCause.SIZE) {
      evictions.incrementAndGet();
    }
  }
}
