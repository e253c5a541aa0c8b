package dev.tierkit.common.runtime;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests that have started and not yet finished, so that shutdown can wait for them.
 *
 * <p>A protocol handler calls {@link #begin()} when a request is decoded and {@link #end()} when
 * its response has been written (or the connection closed with it unanswered). Each is one
 * uncontended {@link LongAdder} update.
 */
public final class InFlight {
  private final LongAdder count = new LongAdder();

  /** A request has started. */
  public void begin() {
    count.increment();
  }

  /** A request has finished; call exactly once per {@link #begin()}. */
  public void end() {
    count.decrement();
  }

  /** Requests started and not finished. */
  public long count() {
    return count.sum();
  }
}
