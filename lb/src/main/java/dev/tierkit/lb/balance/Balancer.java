package dev.tierkit.lb.balance;

/**
 * One balancing algorithm over a fixed list of backends. A pool builds a new balancer whenever its
 * backends or their weights change, so an implementation may precompute over the list it is given
 * (a ring, a weight table); the backends' live state (health, active count, operator state) is read
 * at each pick.
 *
 * <p>Implementations are thread-safe and lock-free: every event loop picks from the same balancer.
 */
public interface Balancer {
  /**
   * Picks a backend that is {@link Backend#available available} at {@code ctx.nowNanos()}, has
   * {@link Backend#hasCapacity capacity} and was not {@link PickContext#tried tried} by this
   * request; null when there is none. Does not take a slot: {@link Pool#pick} does.
   */
  Backend pick(PickContext ctx);
}
