package dev.tierkit.cdn.origin;

import java.util.concurrent.atomic.LongAdder;

/**
 * One origin server and its live state: whether health checks pass, and what was asked of it.
 * Thread-safe; its health is written by {@link OriginHealth} and read by every event loop.
 */
public final class Origin {
  private final OriginAddress address;
  private volatile boolean healthy = true;
  private volatile String lastCheck = "not checked";
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();

  Origin(OriginAddress address) {
    this.address = address;
  }

  public OriginAddress address() {
    return address;
  }

  public boolean healthy() {
    return healthy;
  }

  void setHealthy(boolean healthy) {
    this.healthy = healthy;
  }

  /** The last health check's outcome in a few words. */
  public String lastCheck() {
    return lastCheck;
  }

  void setLastCheck(String lastCheck) {
    this.lastCheck = lastCheck;
  }

  /** Counts a request sent to it. */
  public void requested() {
    requests.increment();
  }

  /** Counts a request that failed: connect error, timeout, or a broken response. */
  public void failed() {
    failures.increment();
  }

  public long requests() {
    return requests.sum();
  }

  public long failures() {
    return failures.sum();
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
