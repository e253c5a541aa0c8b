package dev.tierkit.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count, safe to update from any thread without contention.
 *
 * <p>An increment is one {@link LongAdder#increment()}: no lock, no allocation. Obtain it once from
 * {@link MetricRegistry#counter} and keep the reference.
 */
public final class Counter {
  private final LongAdder adder = new LongAdder();

  Counter() {}

  /** Adds one. */
  public void increment() {
    adder.increment();
  }

  /**
   * Adds {@code amount}.
   *
   * @throws IllegalArgumentException if {@code amount} is negative: counters never go down
   */
  public void add(long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("counter amount must be >= 0, got " + amount);
    }
    adder.add(amount);
  }

  /** The current total. */
  public long value() {
    return adder.sum();
  }
}
