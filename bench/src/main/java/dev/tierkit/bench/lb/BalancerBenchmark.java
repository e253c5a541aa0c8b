package dev.tierkit.bench.lb;

import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.PickContext;
import dev.tierkit.lb.balance.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Question: what does one request's balancing cost, pick and release of a connection slot, with two
 * event loops picking from the same pool at once, for each algorithm over 3, 16 and 64 backends
 * (weights 1 to 4)? The baseline is the floor of any shared pick: a bare {@link AtomicInteger}
 * taken modulo the backend count, with the same slot acquire and release on the backend it lands
 * on, so the difference is what the algorithm itself adds.
 *
 * <p>Run: {@code bench/jmh BalancerBenchmark} (two threads are fixed by {@code @Threads(2)}).
 *
 * <p>What could make the numbers lie: every backend is healthy and idle apart from the two
 * benchmark threads, so the algorithms never step over an ineligible backend, the cheap case;
 * releases follow picks at once, so least connections reads counts that are almost always 0 or 1
 * and the hash ring nearly always finds its candidate idle and skips its load sum (see {@code
 * ConsistentHashBenchmark.ringBoundedBusy} for the busy case) (cache lines still bounce between the
 * two cores, which is the point of running two threads); hash keys cycle through 4096 precomputed
 * uniform values, so neither key skew nor hashing the key is measured. On a 2-core machine shared
 * with other work the two threads may not run truly in parallel; compare the baseline across runs
 * before trusting a difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class BalancerBenchmark {
  private static final int KEYS = 1 << 12;

  /** The backends, shared by both threads; the baseline uses only this. */
  @State(Scope.Benchmark)
  public static class Backends {
    @Param({"3", "16", "64"})
    int backends;

    List<Backend> list;
    Backend[] array;
    final AtomicInteger next = new AtomicInteger();

    @Setup
    public void setUp() {
      list = new ArrayList<>();
      for (int i = 0; i < backends; i++) {
        list.add(new Backend("10.0." + (i / 250) + "." + (i % 250 + 1), 80, 1 + i % 4, 0));
      }
      array = list.toArray(new Backend[0]);
    }
  }

  /** A pool of one algorithm over the backends. */
  @State(Scope.Benchmark)
  public static class Balanced {
    @Param({
      "round-robin",
      "weighted-round-robin",
      "least-connections",
      "power-of-two",
      "consistent-hash"
    })
    String algorithm;

    Pool pool;

    @Setup
    public void setUp(Backends backends) {
      pool = new Pool("bench", Algorithm.parse(algorithm), backends.list);
    }
  }

  /** One thread's request context and key stream, as one event loop has. */
  @State(Scope.Thread)
  public static class Loop {
    final PickContext ctx = new PickContext(0);
    final long[] keys = new long[KEYS];
    int next;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
      for (int i = 0; i < KEYS; i++) {
        keys[i] = random.nextLong();
      }
    }

    PickContext request() {
      return ctx.setHash(keys[next++ & (KEYS - 1)]);
    }
  }

  @Benchmark
  public Backend pickRelease(Balanced balanced, Loop loop) {
    Backend b = balanced.pool.pick(loop.request());
    balanced.pool.release(b);
    return b;
  }

  @Benchmark
  public Backend baselineAtomicModulo(Backends backends, Loop loop) {
    loop.request();
    Backend b = backends.array[Math.floorMod(backends.next.getAndIncrement(), backends.backends)];
    b.tryAcquire();
    b.release();
    return b;
  }
}
