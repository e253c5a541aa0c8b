package dev.tierkit.lb.balance;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps retries at a share of the requests in flight, so that when backends fail the retries they
 * cause cannot grow into a storm: at most {@code max(minimum, ratio * active)} retries run at once.
 * Lock-free; shared by every event loop of a pool.
 */
public final class RetryBudget {
  private final double ratio;
  private final int minimum;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger retrying = new AtomicInteger();

  /**
   * @param ratio share of active requests that may be retries at once, 0-1
   * @param minimum retries always allowed at once, however few requests are active
   */
  public RetryBudget(double ratio, int minimum) {
    if (ratio < 0 || ratio > 1) {
      throw new IllegalArgumentException("retry budget ratio must be 0-1, got " + ratio);
    }
    if (minimum < 0) {
      throw new IllegalArgumentException("retry budget minimum must be >= 0, got " + minimum);
    }
    this.ratio = ratio;
    this.minimum = minimum;
  }

  /** Counts a request (or connection) in flight. */
  public void requestStarted() {
    active.incrementAndGet();
  }

  /** Ends what {@link #requestStarted} began. */
  public void requestFinished() {
    active.decrementAndGet();
  }

  /**
   * Takes a retry from the budget; every true is matched by one {@link #retryFinished}.
   *
   * @return false when the budget is spent: fail the request instead of retrying
   */
  public boolean tryStartRetry() {
    while (true) {
      int now = retrying.get();
      int allowed = Math.max(minimum, (int) (ratio * active.get()));
      if (now >= allowed) {
        return false;
      }
      if (retrying.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  /** Gives back a retry taken by {@link #tryStartRetry}. */
  public void retryFinished() {
    retrying.decrementAndGet();
  }

  /** Retries running now. */
  public int retrying() {
    return retrying.get();
  }
}
