package dev.tierkit.common.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A distribution of non-negative long values in power-of-two buckets.
 *
 * <p>Layout: bucket {@code i} (0-based) counts values {@code v} with {@code 2^(min+i-1) < v <=
 * 2^(min+i)}; bucket 0 also takes everything at or below {@code 2^min}, and one last bucket takes
 * everything above {@code 2^max}. The bucket of a value is found with one {@code
 * numberOfLeadingZeros}, so {@link #record} is a handful of arithmetic operations plus two {@link
 * LongAdder} updates; no search, lock or allocation. The price is resolution: an observation is
 * known to within a factor of two, which is what latency dashboards and alerting need.
 *
 * <p>Values are recorded in a base unit (nanoseconds, bytes) and exported multiplied by a scale
 * (1e-9 turns nanoseconds into the seconds Prometheus expects).
 */
public final class Histogram {
  private final int minExponent;
  private final LongAdder[] buckets;
  private final LongAdder sum = new LongAdder();
  private final double scale;

  Histogram(int minExponent, int maxExponent, double scale) {
    if (minExponent < 0 || maxExponent > 62 || minExponent > maxExponent) {
      throw new IllegalArgumentException(
          "histogram exponents must satisfy 0 <= min <= max <= 62, got min="
              + minExponent
              + " max="
              + maxExponent);
    }
    this.minExponent = minExponent;
    this.buckets = new LongAdder[maxExponent - minExponent + 2];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
    this.scale = scale;
  }

  /** Records one observation; negative values count as zero. */
  public void record(long value) {
    long v = Math.max(0, value);
    buckets[bucketIndex(v)].increment();
    sum.add(v);
  }

  /** Records the time elapsed since {@code startNanos}, a {@link System#nanoTime()} reading. */
  public void recordNanosSince(long startNanos) {
    record(System.nanoTime() - startNanos);
  }

  int bucketIndex(long value) {
    if (value <= 1) {
      return 0;
    }
    int exponent = 64 - Long.numberOfLeadingZeros(value - 1); // ceil(log2(value))
    int index = exponent - minExponent;
    if (index < 0) {
      return 0;
    }
    return Math.min(index, buckets.length - 1);
  }

  /** Number of finite buckets; the overflow bucket ({@code +Inf}) comes after them. */
  int finiteBucketCount() {
    return buckets.length - 1;
  }

  /** The upper bound of finite bucket {@code i}, in exported units. */
  double upperBound(int i) {
    return Math.scalb(1.0, minExponent + i) * scale;
  }

  long bucketCount(int i) {
    return buckets[i].sum();
  }

  /** The number of observations. */
  public long count() {
    long total = 0;
    for (LongAdder bucket : buckets) {
      total += bucket.sum();
    }
    return total;
  }

  /** The sum of observations, in exported units. */
  public double sum() {
    return sum.sum() * scale;
  }
}
