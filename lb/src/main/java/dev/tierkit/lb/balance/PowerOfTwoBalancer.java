package dev.tierkit.lb.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Power of two choices (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing",
 * 2001): two distinct backends drawn at random, the less loaded (active per unit of weight,
 * compared cross-multiplied) taken. Nearly as even as least connections, at O(1) per pick, and
 * without least connections' herd: loops picking at the same moment rarely draw the same pair.
 *
 * <p>Draws that land on ineligible backends are retried a few times; when that fails (fewer than
 * two eligible, or most of the pool down) one scan from a random start takes the least loaded
 * eligible backend, so a pick is O(1) while most backends are up and O(n) at worst.
 */
final class PowerOfTwoBalancer implements Balancer {
  /** Draws tried for each of the two choices before the scan. */
  private static final int DRAWS = 4;

  private final Backend[] backends;

  PowerOfTwoBalancer(List<Backend> backends) {
    this.backends = backends.toArray(new Backend[0]);
  }

  @Override
  public Backend pick(PickContext ctx) {
    int n = backends.length;
    if (n == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (n >= 2) {
      for (int draw = 0; draw < DRAWS; draw++) {
        int i = random.nextInt(n);
        Backend a = backends[i];
        if (!ctx.eligible(a)) {
          continue;
        }
        for (int second = 0; second < DRAWS; second++) {
          // Draw from the n - 1 others: distinct without a retry loop.
          int j = random.nextInt(n - 1);
          Backend b = backends[j >= i ? j + 1 : j];
          if (ctx.eligible(b)) {
            return lessLoaded(a, b);
          }
        }
        break;
      }
    }
    return scan(ctx, random.nextInt(n));
  }

  private Backend scan(PickContext ctx, int start) {
    int n = backends.length;
    Backend best = null;
    for (int k = 0; k < n; k++) {
      int index = start + k;
      Backend b = backends[index < n ? index : index - n];
      if (ctx.eligible(b)) {
        best = best == null ? b : lessLoaded(best, b);
      }
    }
    return best;
  }

  /** {@code a} unless {@code b} carries strictly less per unit of weight. */
  private static Backend lessLoaded(Backend a, Backend b) {
    return (long) b.active() * a.weight() < (long) a.active() * b.weight() ? b : a;
  }
}
