package dev.tierkit.lb.balance;

import java.util.Arrays;

/**
 * What one request brings to a pick: the time, its hash key when the pool hashes, and the backends
 * it already tried (a retry must go elsewhere). Made once per request (or {@link #reset} for the
 * next one), on one thread.
 */
public final class PickContext {
  private static final Backend[] NONE = new Backend[0];

  private long nowNanos;
  private long hash;
  private boolean hasHash;
  private Backend[] tried = NONE;
  private int triedCount;

  /** A context at {@code nowNanos} without a hash. */
  public PickContext(long nowNanos) {
    this.nowNanos = nowNanos;
  }

  /**
   * Makes this context new again for another request at {@code nowNanos}: no hash, nothing tried.
   * Lets a connection keep one context rather than make one per request.
   */
  public PickContext reset(long nowNanos) {
    this.nowNanos = nowNanos;
    this.hash = 0;
    this.hasHash = false;
    if (triedCount > 0) {
      Arrays.fill(tried, 0, triedCount, null);
      triedCount = 0;
    }
    return this;
  }

  public long nowNanos() {
    return nowNanos;
  }

  public PickContext setNowNanos(long nowNanos) {
    this.nowNanos = nowNanos;
    return this;
  }

  /** The request's hash key (source address, header or cookie), for consistent hashing. */
  public long hash() {
    return hash;
  }

  public boolean hasHash() {
    return hasHash;
  }

  public PickContext setHash(long hash) {
    this.hash = hash;
    this.hasHash = true;
    return this;
  }

  /** Records that {@code backend} was tried and must not be picked again for this request. */
  public void markTried(Backend backend) {
    if (triedCount == tried.length) {
      tried = Arrays.copyOf(tried, Math.max(4, tried.length * 2));
    }
    tried[triedCount++] = backend;
  }

  /** Whether {@code backend} was tried already. */
  public boolean tried(Backend backend) {
    for (int i = 0; i < triedCount; i++) {
      if (tried[i] == backend) {
        return true;
      }
    }
    return false;
  }

  /** How many backends were tried. */
  public int triedCount() {
    return triedCount;
  }

  /** Whether {@code backend} may be picked: available, with capacity, and not tried. */
  public boolean eligible(Backend backend) {
    return backend.available(nowNanos) && backend.hasCapacity() && !tried(backend);
  }
}
