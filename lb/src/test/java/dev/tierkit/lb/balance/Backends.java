package dev.tierkit.lb.balance;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Backend lists and pick tallies for the balancer tests. */
final class Backends {
  private Backends() {}

  /** Backends 10.0.0.1:80, 10.0.0.2:80 ... with the given weights and no connection limit. */
  static List<Backend> weighted(int... weights) {
    List<Backend> out = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      out.add(new Backend("10.0.0." + (i + 1), 80, weights[i], 0));
    }
    return out;
  }

  /** {@code n} backends of weight 1. */
  static List<Backend> equal(int n) {
    int[] weights = new int[n];
    java.util.Arrays.fill(weights, 1);
    return weighted(weights);
  }

  /** Picks {@code picks} times through {@code pool}, releasing each slot at once. */
  static Map<Backend, Integer> tally(Pool pool, int picks, boolean hashed) {
    Map<Backend, Integer> counts = new IdentityHashMap<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < picks; i++) {
      PickContext ctx = new PickContext(0);
      if (hashed) {
        ctx.setHash(random.nextLong());
      }
      Backend b = pool.pick(ctx);
      counts.merge(b, 1, Integer::sum);
      pool.release(b);
    }
    return counts;
  }
}
