package dev.tierkit.lb.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Nginx's smooth weighted round-robin, precomputed so that a pick takes no lock.
 *
 * <p>Nginx keeps a {@code current} value per backend; each pick adds every backend's weight to its
 * {@code current}, takes the backend with the largest {@code current} and subtracts the weights'
 * total from it. Over {@code total} picks each backend is taken exactly {@code weight} times, and
 * its picks are spread out rather than bunched: weights 5, 1, 1 give {@code a a b a c a a}. Doing
 * that live needs the whole {@code current} vector updated atomically, that is a lock shared by
 * every event loop.
 *
 * <p>Design: the sequence is periodic with period {@code total}, so it is computed once, when the
 * pool builds its balancer, into {@link #schedule} (backend indexes), and a pick walks it with one
 * {@link AtomicInteger#getAndIncrement}. Weights are first divided by their gcd (10, 2, 2 is the
 * same schedule as 5, 1, 1, five times shorter). When the reduced total still passes {@link
 * #MAX_SCHEDULE}, weights are scaled down in proportion (each kept at least 1): shares are then
 * exact to within one part in {@code MAX_SCHEDULE / backends}, which no one can measure.
 *
 * <p>Invariants: the schedule holds only backends of weight above zero, each {@code weight / gcd}
 * times; it is never written after construction. Weights are read only here: a weight change takes
 * effect when the pool {@link Pool#rebuild rebuilds}.
 *
 * <p>Ineligible backends (down, draining, full, tried) are stepped over by taking the next slot
 * from the shared counter, not the next slot after the one drawn: all picks together then walk the
 * schedule once and keep only the eligible slots, so the backends left share in proportion to their
 * weights and still interleave (5, 1, 1 with the first down gives {@code b c b c}). Walking on
 * locally from the drawn slot would hand a down backend's whole run of slots to whichever backend
 * follows it. After {@code 2n} ineligible draws (a heavy backend down leaves long runs) the pick
 * falls back to a weighted random choice among the eligible backends, O(n), which keeps the shares
 * right on average.
 *
 * <p>Complexity: build O(total * n) time and O(total) space, total at most {@link #MAX_SCHEDULE};
 * pick O(1) while the backends it meets are eligible, O(n) at worst.
 */
final class WeightedRoundRobinBalancer implements Balancer {
  /** The longest schedule kept: 64 Ki slots (256 KiB). */
  static final int MAX_SCHEDULE = 1 << 16;

  private final Backend[] backends;
  private final int[] schedule;
  private final AtomicInteger next = new AtomicInteger();

  WeightedRoundRobinBalancer(List<Backend> backends) {
    this.backends = backends.toArray(new Backend[0]);
    int[] weights = new int[this.backends.length];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = this.backends[i].weight();
    }
    this.schedule = schedule(weights);
  }

  /** The smooth schedule over {@code weights}, as indexes into them. */
  static int[] schedule(int[] weights) {
    int[] w = reduce(weights);
    long total = 0;
    for (int x : w) {
      total += x;
    }
    int[] out = new int[(int) total];
    long[] current = new long[w.length];
    for (int slot = 0; slot < out.length; slot++) {
      int best = -1;
      for (int i = 0; i < w.length; i++) {
        if (w[i] == 0) {
          continue;
        }
        current[i] += w[i];
        if (best < 0 || current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= total;
      out[slot] = best;
    }
    return out;
  }

  /** Weights divided by their gcd, then scaled down to fit {@link #MAX_SCHEDULE}. */
  private static int[] reduce(int[] weights) {
    int gcd = 0;
    for (int x : weights) {
      gcd = gcd(gcd, x);
    }
    int[] w = new int[weights.length];
    long total = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] = gcd == 0 ? 0 : weights[i] / gcd;
      total += w[i];
    }
    if (total > MAX_SCHEDULE) {
      double scale = (double) MAX_SCHEDULE / total;
      for (int i = 0; i < w.length; i++) {
        if (w[i] > 0) {
          w[i] = Math.max(1, (int) (w[i] * scale));
        }
      }
    }
    return w;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  @Override
  public Backend pick(PickContext ctx) {
    int len = schedule.length;
    if (len == 0) {
      return null;
    }
    int probes = Math.min(len, 2 * backends.length);
    for (int i = 0; i < probes; i++) {
      Backend b = backends[schedule[Math.floorMod(next.getAndIncrement(), len)]];
      if (ctx.eligible(b)) {
        return b;
      }
    }
    return weightedRandom(ctx);
  }

  private Backend weightedRandom(PickContext ctx) {
    long total = 0;
    for (Backend b : backends) {
      if (ctx.eligible(b)) {
        total += b.weight();
      }
    }
    if (total == 0) {
      return null;
    }
    long target = ThreadLocalRandom.current().nextLong(total);
    Backend last = null;
    for (Backend b : backends) {
      if (ctx.eligible(b)) {
        last = b;
        target -= b.weight();
        if (target < 0) {
          return b;
        }
      }
    }
    // Eligibility changed between the two passes: any eligible backend will do.
    return last;
  }
}
