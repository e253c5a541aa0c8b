package dev.tierkit.bench.lb;

import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.Balancer;
import dev.tierkit.lb.balance.BalancerSettings;
import dev.tierkit.lb.balance.Hashing;
import dev.tierkit.lb.balance.PickContext;
import dev.tierkit.lb.balance.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Question: how long does the hash ring take to find a key's backend, against the textbook ring (a
 * {@link TreeMap} of the same points and {@code ceilingEntry})? Measured three ways: unbounded (a
 * binary search over the sorted point array and one eligibility check of the owner); with the
 * default load bound 1.25 over idle backends (the bound is skipped for an idle candidate, so this
 * should match unbounded); and with the bound over busy backends (every backend holds 4 requests),
 * which adds one pass over the backends to sum their load. Rings of 16 and 64 backends at 100
 * virtual nodes each (1600 and 6400 points).
 *
 * <p>Run: {@code bench/jmh ConsistentHashBenchmark}.
 *
 * <p>What could make the numbers lie: keys cycle through 4096 precomputed hashes, so hashing the
 * key is not measured and the upper levels of both searches stay in cache; every backend is idle
 * and healthy, so the walk past the first point never happens (a hot or failed backend makes it
 * longer); a single thread never contends on the backends' counters. The TreeMap baseline does no
 * eligibility check at all, which flatters it by a few volatile reads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ConsistentHashBenchmark {
  private static final int KEYS = 1 << 12;
  private static final int VIRTUAL_NODES = 100;

  @Param({"16", "64"})
  int backends;

  private Balancer unbounded;
  private Balancer bounded;
  private Balancer boundedBusy;
  private TreeMap<Long, Backend> tree;
  private final PickContext ctx = new PickContext(0);
  private long[] keys;
  private int next;

  @Setup
  public void setUp() {
    List<Backend> list = new ArrayList<>();
    for (int i = 0; i < backends; i++) {
      list.add(new Backend("10.0.0." + (i + 1), 80, 1, 0));
    }
    unbounded =
        Pool.newBalancer(Algorithm.CONSISTENT_HASH, list, new BalancerSettings(VIRTUAL_NODES, 0));
    bounded =
        Pool.newBalancer(
            Algorithm.CONSISTENT_HASH, list, new BalancerSettings(VIRTUAL_NODES, 1.25));
    List<Backend> busy = new ArrayList<>();
    for (int i = 0; i < backends; i++) {
      Backend b = new Backend("10.0.0." + (i + 1), 80, 1, 0);
      for (int held = 0; held < 4; held++) {
        b.tryAcquire();
      }
      busy.add(b);
    }
    boundedBusy =
        Pool.newBalancer(
            Algorithm.CONSISTENT_HASH, busy, new BalancerSettings(VIRTUAL_NODES, 1.25));
    tree = new TreeMap<>();
    for (Backend b : list) {
      for (int v = 0; v < VIRTUAL_NODES; v++) {
        tree.put(Hashing.hash64(b.id() + "#" + v), b);
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    keys = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = random.nextLong();
    }
  }

  @Benchmark
  public Backend ringUnbounded() {
    return unbounded.pick(ctx.setHash(keys[next++ & (KEYS - 1)]));
  }

  @Benchmark
  public Backend ringBounded() {
    return bounded.pick(ctx.setHash(keys[next++ & (KEYS - 1)]));
  }

  @Benchmark
  public Backend ringBoundedBusy() {
    return boundedBusy.pick(ctx.setHash(keys[next++ & (KEYS - 1)]));
  }

  @Benchmark
  public Backend baselineTreeMapCeiling() {
    Map.Entry<Long, Backend> e = tree.ceilingEntry(keys[next++ & (KEYS - 1)]);
    return e != null ? e.getValue() : tree.firstEntry().getValue();
  }
}
