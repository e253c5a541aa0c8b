/** Benchmarks of lb's hot path: balancing picks and the consistent-hash ring. */
package dev.tierkit.bench.lb;
