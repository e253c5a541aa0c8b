package dev.tierkit.cache;

import dev.tierkit.cache.store.CacheStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reclaims expired and flushed items in the background, off the event loops (memcached's LRU
 * crawler): every {@link #INTERVAL_MILLIS} it asks the store to sweep {@link #BATCH} items, and
 * goes on at once while batches keep finding dead items.
 */
final class StoreSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StoreSweeper.class);

  /** Pause between sweeps that found nothing more to do. */
  static final long INTERVAL_MILLIS = 1000;

  /** Items looked at per sweep call; each shard lock is held for a fraction of this. */
  static final int BATCH = 4096;

  /** At most this many batches back to back before pausing, so a huge backlog cannot hog a core. */
  private static final int MAX_BATCHES_PER_ROUND = 64;

  private final CacheStore store;
  private final ScheduledExecutorService executor;

  StoreSweeper(CacheStore store) {
    this.store = store;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cache-sweeper");
              t.setDaemon(true);
              t.setPriority(Thread.MIN_PRIORITY);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::round, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void round() {
    try {
      for (int i = 0; i < MAX_BATCHES_PER_ROUND; i++) {
        if (store.sweep(BATCH) == 0) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.error("sweeping expired items failed; will retry", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
