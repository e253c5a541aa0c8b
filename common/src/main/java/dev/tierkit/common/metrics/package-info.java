/**
 * Metrics that cost next to nothing on a hot path, exported in the Prometheus text format.
 *
 * <p>Why hand-written rather than Micrometer: a daemon's hot path needs exactly three things, a
 * counter, a gauge read at scrape time and a latency histogram, and each must be one or two
 * uncontended {@link java.util.concurrent.atomic.LongAdder} updates with no lookup, lock or
 * allocation. Registering returns the metric object itself, so handlers keep a direct reference;
 * nothing is looked up by name or tag per request. The whole package is a few hundred lines, adds
 * no dependency to every daemon jar, and {@code bench}'s {@code MetricsBenchmark} measures the
 * counter against a bare {@code LongAdder}.
 */
package dev.tierkit.common.metrics;
