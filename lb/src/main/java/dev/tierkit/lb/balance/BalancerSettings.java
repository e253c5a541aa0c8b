package dev.tierkit.lb.balance;

/**
 * Tuning for the algorithms that need it; the others ignore it.
 *
 * @param virtualNodes consistent hashing's ring points per unit of weight, 1-1000 (default 100):
 *     more points spread keys more evenly at the cost of a larger ring
 * @param boundedLoad consistent hashing's load bound: no backend takes a new request while it has
 *     {@code ceil(boundedLoad * mean load)} or more; at least 1, or 0 for unbounded (default 1.25)
 */
public record BalancerSettings(int virtualNodes, double boundedLoad) {
  /** Ring points per unit of weight by default. */
  public static final int DEFAULT_VIRTUAL_NODES = 100;

  /** The bounded-load factor by default. */
  public static final double DEFAULT_BOUNDED_LOAD = 1.25;

  /** Every setting at its default. */
  public static final BalancerSettings DEFAULTS =
      new BalancerSettings(DEFAULT_VIRTUAL_NODES, DEFAULT_BOUNDED_LOAD);

  public BalancerSettings {
    if (virtualNodes < 1 || virtualNodes > 1000) {
      throw new IllegalArgumentException("virtualNodes must be 1-1000, got " + virtualNodes);
    }
    if (Double.isNaN(boundedLoad) || (boundedLoad != 0 && boundedLoad < 1)) {
      throw new IllegalArgumentException(
          "boundedLoad must be >= 1 (0 = unbounded), got " + boundedLoad);
    }
  }
}
