package dev.tierkit.bench;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Question: what does recording a metric on a hot path cost? A tierkit {@link Counter} increment
 * against a bare {@link LongAdder} (the floor: the counter must add nothing to it), and a latency
 * {@link Histogram} record against the two {@code LongAdder} updates it is built from.
 *
 * <p>Run: {@code bench/jmh MetricsBenchmark}; add {@code -t 2} to measure two threads updating the
 * same metrics, which is what two event loops do.
 *
 * <p>What could make the numbers lie: a single thread never contends, so {@code LongAdder} stays on
 * its base field and looks cheaper than it is under load (run {@code -t 2}); the histogram's values
 * come from a precomputed array so random number generation is not measured, and the array spans
 * all buckets so branch prediction cannot learn a single path. The updates write shared memory, so
 * the JIT cannot remove them; nothing needs a {@code Blackhole}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MetricsBenchmark {
  private static final int VALUES = 1 << 12;

  private final LongAdder bareAdder = new LongAdder();
  private final LongAdder bareBucket = new LongAdder();
  private final LongAdder bareSum = new LongAdder();
  private Counter counter;
  private Histogram histogram;
  private long[] latencies;

  /** Per-thread cursor into the precomputed latencies. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup
  public void setUp() {
    MetricRegistry registry = new MetricRegistry();
    counter = registry.counter("bench_requests_total", "Requests.", "cmd", "get");
    histogram = registry.latencyHistogram("bench_latency_seconds", "Latency.");
    SplittableRandom random = new SplittableRandom(42);
    latencies = new long[VALUES];
    for (int i = 0; i < VALUES; i++) {
      // log-uniform from ~100 ns to ~10 s: every bucket gets traffic
      latencies[i] = (long) Math.pow(10, 2 + random.nextDouble() * 8);
    }
  }

  @Benchmark
  public void baselineLongAdderIncrement() {
    bareAdder.increment();
  }

  @Benchmark
  public void counterIncrement() {
    counter.increment();
  }

  @Benchmark
  public void baselineTwoLongAdderUpdates(Cursor cursor) {
    long value = latencies[cursor.next++ & (VALUES - 1)];
    bareBucket.increment();
    bareSum.add(value);
  }

  @Benchmark
  public void histogramRecord(Cursor cursor) {
    histogram.record(latencies[cursor.next++ & (VALUES - 1)]);
  }
}
