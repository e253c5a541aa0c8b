package dev.tierkit.lb;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts a frontend's open connections, in all and per client address, and refuses one past either
 * limit. The entry of an address goes away with its last connection, so the map holds only clients
 * connected now. Connections are counted even without a limit, so that a reload may set one at any
 * time.
 */
public final class ClientLimiter {
  private volatile int limit;
  private volatile int totalLimit;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

  /** {@code limit} 0 means no limit. */
  public ClientLimiter(int limit) {
    setLimit(limit);
  }

  /** Changes the limit; connections already open stay open. */
  public void setLimit(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("per-client connection limit must be >= 0, got " + limit);
    }
    this.limit = limit;
  }

  /**
   * Sets the frontend's limit on all its connections together (0 = none but the daemon's {@code
   * --max-connections}); connections already open stay open.
   */
  public void setTotalLimit(int totalLimit) {
    if (totalLimit < 0) {
      throw new IllegalArgumentException(
          "frontend connection limit must be >= 0, got " + totalLimit);
    }
    this.totalLimit = totalLimit;
  }

  /**
   * Counts a connection from {@code client}; false (and nothing counted) past the per-client or the
   * frontend's limit.
   */
  public boolean tryOpen(InetAddress client) {
    int all = totalLimit;
    if (total.incrementAndGet() > all && all > 0) {
      total.decrementAndGet();
      return false;
    }
    int max = limit;
    boolean[] ok = {false};
    open.compute(
        client,
        (k, n) -> {
          AtomicInteger count = n == null ? new AtomicInteger() : n;
          if (max == 0 || count.get() < max) {
            count.incrementAndGet();
            ok[0] = true;
          }
          return count.get() == 0 ? null : count;
        });
    if (!ok[0]) {
      total.decrementAndGet();
    }
    return ok[0];
  }

  /** Ends a connection counted by a successful {@link #tryOpen}. */
  public void close(InetAddress client) {
    total.decrementAndGet();
    open.computeIfPresent(client, (k, n) -> n.decrementAndGet() == 0 ? null : n);
  }

  /** The frontend's connections open now. */
  public int connections() {
    return total.get();
  }

  /** Client addresses with a connection open now. */
  public int clients() {
    return open.size();
  }
}
