package dev.tierkit.cdn.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.tierkit.cdn.purge.PurgeGenerations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The disk tier: one file per variant and an in-memory index of them, all worked by one thread.
 *
 * <h2>Design</h2>
 *
 * <p>Files live under {@code dir/objects/xx/} (256 fan-out directories by key hash) named {@code
 * <hash>-<sequence>.obj}, in the {@link ObjectFile} format. A write goes to {@code name.tmp} and is
 * renamed into place, so a crash leaves either the whole file or a temporary one, which the next
 * open deletes. The sequence number makes every write a new name: a replaced variant's old file is
 * deleted after the new one is indexed, and if a crash leaves both, the higher sequence wins at
 * open. Files are not fsynced: a file torn by power loss fails its size or checksum check and is
 * dropped, which for a cache is a miss, not a loss.
 *
 * <p>The index is a Caffeine cache from primary key to the variants' file entries, weighted by file
 * size and bounded by the disk budget (W-TinyLFU again, so a scan of one-hit objects does not flush
 * the disk), with the same expiry deadline as the memory tier. Its removal listener deletes the
 * files. It is rebuilt at open from the headers alone.
 *
 * <p>Thread model: a single daemon thread takes tasks from a FIFO queue: writes, reads, removals,
 * index rebuild. Every index mutation happens on it, so a removal queued after a write always wins
 * and a read queued after either sees its effect. Writes are bounded by the bytes they hold ({@code
 * writeQueueBytes}); past that a write is dropped and counted (the object stays in memory) and an
 * older copy of that variant on disk is removed, so a dropped write can never resurface older
 * content. Reads, removals and barriers are small and not bounded in count. Reads wait behind
 * queued writes; a separate read pool would cut that latency at the price of the ordering argument
 * above.
 */
final class DiskTier implements AutoCloseable {
  private final Path objects;
  private final long keepMillis;
  private final long writeQueueBytes;
  private final LongSupplier clock;
  private final PurgeGenerations generations;
  private final Cache<String, DiskVariants> index;
  private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final AtomicLong pendingBytes = new AtomicLong();
  private final AtomicLong objectCount = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  final AtomicLong reads = new AtomicLong();
  final AtomicLong writeDrops = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  private long nextSequence = 1; // disk thread only
  private volatile boolean running = true;

  /** One indexed file. */
  record Entry(
      Path file, long size, String variantKey, List<String> varyNames, long deadline, long seq) {}

  /** The files of one primary key's variants; immutable. */
  record DiskVariants(List<Entry> entries, int weight, long deadline) {
    static DiskVariants of(List<Entry> entries) {
      long w = 0;
      long d = Long.MIN_VALUE;
      for (Entry e : entries) {
        w += e.size();
        d = Math.max(d, e.deadline());
      }
      return new DiskVariants(List.copyOf(entries), (int) Math.min(Integer.MAX_VALUE, w), d);
    }
  }

  private abstract static class Task {
    abstract void run();

    /** Called instead of {@link #run} when the tier closed first. */
    void abandon() {}
  }

  DiskTier(
      Path dir,
      long diskBytes,
      long keepMillis,
      long writeQueueBytes,
      LongSupplier clock,
      PurgeGenerations generations) {
    this.objects = dir.resolve("objects");
    this.keepMillis = keepMillis;
    this.writeQueueBytes = writeQueueBytes;
    this.clock = clock;
    this.generations = generations;
    this.index =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .ticker(() -> clock.getAsLong() * 1_000_000L)
            .maximumWeight(diskBytes)
            .<String, DiskVariants>weigher((k, v) -> v.weight())
            .expireAfter(new DeadlineExpiry<String, DiskVariants>(DiskVariants::deadline))
            .removalListener(this::onRemoval)
            .build();
    this.thread = new Thread(this::loop, "cdn-store-disk");
    this.thread.setDaemon(true);
  }

  /** Starts the disk thread and rebuilds the index from the directory; blocks until done. */
  void open() throws IOException {
    Files.createDirectories(objects);
    thread.start();
    CompletableFuture<Void> rebuilt = new CompletableFuture<>();
    submit(
        new Task() {
          @Override
          void run() {
            try {
              rebuild();
              rebuilt.complete(null);
            } catch (IOException | RuntimeException e) {
              rebuilt.completeExceptionally(e);
            }
          }
        });
    try {
      rebuilt.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rebuilding the disk index of " + objects, e);
    } catch (ExecutionException e) {
      close();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("cannot rebuild the disk index of " + objects, e.getCause());
    }
  }

  /** Queues a write; false (counted as a drop) when the queue already holds too many bytes. */
  boolean write(CachedObject object) {
    long bytes = object.body().length() + 1024;
    if (!running || pendingBytes.addAndGet(bytes) > writeQueueBytes) {
      pendingBytes.addAndGet(-bytes);
      writeDrops.incrementAndGet();
      remove(object.primaryKey(), object.variantKey());
      return false;
    }
    submit(
        new Task() {
          @Override
          void run() {
            try {
              store(object);
            } finally {
              pendingBytes.addAndGet(-bytes);
            }
          }

          @Override
          void abandon() {
            pendingBytes.addAndGet(-bytes);
          }
        });
    return true;
  }

  /**
   * Reads every variant of {@code primaryKey} on the disk thread and completes with what {@code
   * promote} makes of them (it merges them into memory).
   */
  CompletableFuture<List<CachedObject>> read(
      String primaryKey, UnaryOperator<List<CachedObject>> promote) {
    CompletableFuture<List<CachedObject>> result = new CompletableFuture<>();
    submit(
        new Task() {
          @Override
          void run() {
            List<CachedObject> loaded;
            try {
              loaded = promote.apply(load(primaryKey));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
              return;
            }
            result.complete(loaded);
          }

          @Override
          void abandon() {
            result.complete(List.of());
          }
        });
    return result;
  }

  void remove(String primaryKey) {
    submit(
        new Task() {
          @Override
          void run() {
            index.invalidate(primaryKey);
          }
        });
  }

  void remove(String primaryKey, String variantKey) {
    submit(
        new Task() {
          @Override
          void run() {
            dropVariants(primaryKey, e -> e.variantKey().equals(variantKey));
          }
        });
  }

  void clear() {
    submit(
        new Task() {
          @Override
          void run() {
            index.invalidateAll();
          }
        });
  }

  /** Completes once every task queued before it is done. */
  CompletableFuture<Void> barrier() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(
        new Task() {
          @Override
          void run() {
            index.cleanUp();
            done.complete(null);
          }

          @Override
          void abandon() {
            done.complete(null);
          }
        });
    return done;
  }

  /** Whether the index lists {@code primaryKey}; a lock-free look that leaves no trace. */
  boolean mayHold(String primaryKey) {
    return index.policy().getIfPresentQuietly(primaryKey) != null;
  }

  long bytes() {
    return index.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  long objects() {
    return objectCount.get();
  }

  /** The index itself, for tests that check its bound and contents. */
  Cache<String, DiskVariants> index() {
    return index;
  }

  /** Runs every queued task (writes included), then stops the thread. */
  @Override
  public void close() {
    if (!thread.isAlive()) {
      running = false;
      abandonQueued();
      return;
    }
    submit(
        new Task() {
          @Override
          void run() {
            running = false;
          }
        });
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    abandonQueued();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void abandonQueued() {
    for (Task t; (t = queue.poll()) != null; ) {
      t.abandon();
    }
  }

  private void submit(Task task) {
    if (!thread.isAlive() && thread.getState() != Thread.State.NEW) {
      task.abandon();
      return;
    }
    queue.add(task);
    if (thread.getState() == Thread.State.TERMINATED) {
      abandonQueued(); // lost the race with close: nobody else will take it
    }
  }

  private void loop() {
    while (running) {
      Task task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        errors.incrementAndGet();
      }
    }
    running = false;
  }

  private void store(CachedObject object) {
    long seq = nextSequence++;
    Path file = fileFor(object.primaryKey(), object.variantKey(), seq);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    long size;
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        size = ObjectFile.write(ch, object);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      errors.incrementAndGet();
      deleteQuietly(tmp);
      // The older copy must not outlive a failed replacement.
      dropVariants(object.primaryKey(), x -> x.variantKey().equals(object.variantKey()));
      return;
    }
    writes.incrementAndGet();
    Entry entry =
        new Entry(
            file,
            size,
            object.variantKey(),
            object.varyNames(),
            Variants.deadline(object, keepMillis),
            seq);
    List<Path> obsolete = new ArrayList<>();
    index
        .asMap()
        .compute(
            object.primaryKey(),
            (k, old) -> {
              List<Entry> next = new ArrayList<>();
              if (old != null) {
                for (Entry e : old.entries()) {
                  if (e.varyNames().equals(entry.varyNames())
                      && !e.variantKey().equals(entry.variantKey())) {
                    next.add(e);
                  } else {
                    obsolete.add(e.file());
                  }
                }
                objectCount.addAndGet(-old.entries().size());
              }
              next.add(entry);
              objectCount.addAndGet(next.size());
              return DiskVariants.of(next);
            });
    obsolete.forEach(DiskTier::deleteQuietly);
  }

  private List<CachedObject> load(String primaryKey) {
    DiskVariants dv = index.getIfPresent(primaryKey);
    if (dv == null) {
      return List.of();
    }
    List<CachedObject> loaded = new ArrayList<>(dv.entries().size());
    List<Entry> bad = new ArrayList<>();
    for (Entry e : dv.entries()) {
      try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ)) {
        CachedObject o = ObjectFile.read(ch, ch.size());
        if (!o.primaryKey().equals(primaryKey) || !o.variantKey().equals(e.variantKey())) {
          throw new ObjectFile.CorruptException("file holds another object");
        }
        reads.incrementAndGet();
        loaded.add(o);
      } catch (IOException ex) {
        errors.incrementAndGet();
        bad.add(e);
      }
    }
    if (!bad.isEmpty()) {
      dropVariants(primaryKey, bad::contains);
    }
    return loaded;
  }

  /** Removes the matching entries of one key from the index and deletes their files. */
  private void dropVariants(String primaryKey, Predicate<Entry> drop) {
    List<Path> obsolete = new ArrayList<>();
    index
        .asMap()
        .computeIfPresent(
            primaryKey,
            (k, old) -> {
              List<Entry> next = new ArrayList<>();
              for (Entry e : old.entries()) {
                if (drop.test(e)) {
                  obsolete.add(e.file());
                } else {
                  next.add(e);
                }
              }
              if (next.isEmpty()) {
                // The removal listener sees an explicit removal and deletes and counts the files.
                obsolete.clear();
                return null;
              }
              objectCount.addAndGet(next.size() - old.entries().size());
              return DiskVariants.of(next);
            });
    obsolete.forEach(DiskTier::deleteQuietly);
  }

  private void onRemoval(String key, DiskVariants value, RemovalCause cause) {
    if (value == null || cause == RemovalCause.REPLACED) {
      return; // replacements delete the superseded files themselves
    }
    objectCount.addAndGet(-value.entries().size());
    if (Thread.currentThread() == thread) {
      value.entries().forEach(e -> deleteQuietly(e.file()));
    } else {
      submit(
          new Task() {
            @Override
            void run() {
              value.entries().forEach(e -> deleteQuietly(e.file()));
            }
          });
    }
  }

  /**
   * Reads every file's header (never its body), deletes temporary, unreadable, torn, expired and
   * hard-purged files, keeps per key the newest write of each variant under the newest Vary names,
   * and indexes the rest.
   */
  private void rebuild() throws IOException {
    long now = clock.getAsLong();
    Map<String, List<Entry>> byKey = new HashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(objects)) {
      files = walk.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".tmp")) {
        deleteQuietly(file);
        continue;
      }
      long seq = sequenceOf(name);
      if (seq < 0) {
        errors.incrementAndGet();
        deleteQuietly(file);
        continue;
      }
      ObjectFile.Header header;
      long size;
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        size = ch.size();
        header = ObjectFile.readHeader(ch, size);
      } catch (IOException e) {
        errors.incrementAndGet();
        deleteQuietly(file);
        continue;
      }
      nextSequence = Math.max(nextSequence, seq + 1);
      CachedObject o = header.object();
      long deadline = Variants.deadline(o, keepMillis);
      if (deadline <= now
          || generations.validity(o.host(), o.path(), o.tags(), o.storedGeneration())
              == PurgeGenerations.Validity.INVALID) {
        deleteQuietly(file);
        continue;
      }
      byKey
          .computeIfAbsent(o.primaryKey(), k -> new ArrayList<>())
          .add(new Entry(file, size, o.variantKey(), o.varyNames(), deadline, seq));
    }
    for (Map.Entry<String, List<Entry>> e : byKey.entrySet()) {
      List<Entry> all = e.getValue();
      all.sort(Comparator.comparingLong(Entry::seq).reversed());
      List<String> vary = all.get(0).varyNames();
      List<Entry> kept = new ArrayList<>();
      for (Entry l : all) {
        boolean duplicate = false;
        for (Entry k : kept) {
          duplicate |= k.variantKey().equals(l.variantKey());
        }
        if (duplicate || !l.varyNames().equals(vary)) {
          deleteQuietly(l.file());
        } else {
          kept.add(l);
        }
      }
      objectCount.addAndGet(kept.size());
      index.put(e.getKey(), DiskVariants.of(kept));
    }
  }

  private Path fileFor(String primaryKey, String variantKey, long seq) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < primaryKey.length(); i++) {
      h = (h ^ primaryKey.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ 0) * 0x100000001b3L; // a separator: ("ab", "c") and ("a", "bc") hash apart
    for (int i = 0; i < variantKey.length(); i++) {
      h = (h ^ variantKey.charAt(i)) * 0x100000001b3L;
    }
    String dir = String.format("%02x", (h >>> 56) & 0xff);
    return objects.resolve(dir).resolve(String.format("%016x-%016x.obj", h, seq));
  }

  private static long sequenceOf(String name) {
    if (name.length() != 16 + 1 + 16 + 4 || !name.endsWith(".obj") || name.charAt(16) != '-') {
      return -1;
    }
    try {
      return Long.parseUnsignedLong(name.substring(17, 33), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      // a file that cannot be deleted is dropped from the index anyway; the next open retries
    }
  }

  /** Expiry at a value's deadline, in the ticker's nanoseconds of clock milliseconds. */
  static final class DeadlineExpiry<K, V> implements Expiry<K, V> {
    private final ToLongFunction<V> deadline;

    DeadlineExpiry(ToLongFunction<V> deadline) {
      this.deadline = deadline;
    }

    static long nanosUntil(long deadlineMillis, long nowNanos) {
      long remaining = deadlineMillis - nowNanos / 1_000_000L;
      if (deadlineMillis == Long.MAX_VALUE || remaining > Long.MAX_VALUE / 2_000_000L) {
        return Long.MAX_VALUE / 2;
      }
      return Math.max(0, remaining) * 1_000_000L;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
      return nanosUntil(deadline.applyAsLong(value), currentTime);
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
      return nanosUntil(deadline.applyAsLong(value), currentTime);
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
