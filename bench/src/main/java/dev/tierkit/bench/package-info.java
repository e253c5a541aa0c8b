/**
 * JMH benchmarks, one question each, with a baseline beside the thing measured. Run them with
 * {@code bench/jmh} (defaults fit a 2-core machine; {@code --quick} for a smoke run); results land
 * in {@code bench/results/}.
 */
package dev.tierkit.bench;
