/**
 * Benchmarks of lb's hot paths: balancing picks, the consistent-hash ring and per-request header
 * rules.
 */
package dev.tierkit.bench.lb;
