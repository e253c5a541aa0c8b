package dev.tierkit.lb.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Least connections: the eligible backend with the fewest active requests per unit of weight. Loads
 * are compared cross-multiplied ({@code a.active * b.weight < b.active * a.weight}), so no division
 * and no rounding. The scan starts at a rotating index and keeps the first of equals, so backends
 * that tie (an idle pool) take turns instead of the first one taking everything.
 *
 * <p>Each pick reads every backend: O(n). The counts it reads are live, so two loops picking at
 * once may both choose the same least-loaded backend; the next picks see its higher count.
 */
final class LeastConnectionsBalancer implements Balancer {
  private final Backend[] backends;
  private final AtomicInteger next = new AtomicInteger();

  LeastConnectionsBalancer(List<Backend> backends) {
    this.backends = backends.toArray(new Backend[0]);
  }

  @Override
  public Backend pick(PickContext ctx) {
    int n = backends.length;
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    Backend best = null;
    long bestActive = 0;
    long bestWeight = 1;
    for (int i = 0; i < n; i++) {
      int index = start + i;
      Backend b = backends[index < n ? index : index - n];
      if (!ctx.eligible(b)) {
        continue;
      }
      long active = b.active();
      long weight = b.weight();
      if (best == null || active * bestWeight < bestActive * weight) {
        best = b;
        bestActive = active;
        bestWeight = weight;
      }
    }
    return best;
  }
}
