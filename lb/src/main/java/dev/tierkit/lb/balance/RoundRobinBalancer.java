package dev.tierkit.lb.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round-robin: a shared counter walks the list; unavailable, full or tried backends are stepped
 * over, so the pick costs O(1) while most backends are up and O(n) at worst.
 */
final class RoundRobinBalancer implements Balancer {
  private final Backend[] backends;
  private final AtomicInteger next = new AtomicInteger();

  RoundRobinBalancer(List<Backend> backends) {
    this.backends = backends.toArray(new Backend[0]);
  }

  @Override
  public Backend pick(PickContext ctx) {
    int n = backends.length;
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    for (int i = 0; i < n; i++) {
      Backend b = backends[(start + i) % n];
      if (ctx.eligible(b)) {
        return b;
      }
    }
    return null;
  }
}
