package dev.tierkit.cache.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The store-wide bound on item memory: pages and large-item arrays are reserved here before they
 * are allocated and released after they are dropped, so {@link #reserved()} never exceeds the
 * limit.
 */
final class MemoryBudget {
  private final long limit;
  private final AtomicLong reserved = new AtomicLong();

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} if that keeps the total within the limit. */
  boolean tryReserve(long bytes) {
    while (true) {
      long current = reserved.get();
      if (current + bytes > limit) {
        return false;
      }
      if (reserved.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    reserved.addAndGet(-bytes);
  }

  long reserved() {
    return reserved.get();
  }

  long limit() {
    return limit;
  }
}
