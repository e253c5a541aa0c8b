package dev.tierkit.bench.cache;

/**
 * A log-linear histogram of nanosecond latencies for the load generator: exact below 64 ns, then 32
 * buckets per power of two (at most ~3% relative error), covering every positive {@code long} in
 * 1,888 counters. Recording is an index computation and an increment; not thread-safe (one per
 * worker thread, merged at the end).
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 5;
  private static final int SUB = 1 << SUB_BITS;
  private static final int LINEAR = 2 * SUB;
  private static final int BUCKETS = LINEAR + (63 - (SUB_BITS + 1)) * SUB;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  void record(long nanos) {
    long v = Math.max(0, nanos);
    counts[index(v)]++;
    total++;
    if (v > max) {
      max = v;
    }
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /** The latency at or below which {@code quantile} of the recordings lie (upper bucket bound). */
  long quantile(double quantile) {
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= Math.max(rank, 1)) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int msb = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS + 1
    int shift = msb - SUB_BITS;
    int top = (int) (v >>> shift); // in [SUB, 2 * SUB)
    return LINEAR + (msb - (SUB_BITS + 1)) * SUB + (top - SUB);
  }

  static long upperBound(int index) {
    if (index < LINEAR) {
      return index;
    }
    int group = (index - LINEAR) / SUB;
    int top = SUB + (index - LINEAR) % SUB;
    int shift = group + 1;
    return (((long) top + 1) << shift) - 1;
  }
}
