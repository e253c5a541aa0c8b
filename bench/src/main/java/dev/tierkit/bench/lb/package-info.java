/** Benchmarks of lb's hot paths: per-request header rules. */
package dev.tierkit.bench.lb;
