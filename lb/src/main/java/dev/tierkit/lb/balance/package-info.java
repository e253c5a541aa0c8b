/**
 * The balancing core: {@link dev.tierkit.lb.balance.Backend} (one server and its live state),
 * {@link dev.tierkit.lb.balance.Pool} (backends behind one algorithm) and the algorithms. Nothing
 * here imports Netty; it is unit-tested and benchmarked directly.
 */
package dev.tierkit.lb.balance;
