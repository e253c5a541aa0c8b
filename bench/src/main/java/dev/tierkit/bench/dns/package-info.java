/**
 * Benchmarks of dns-geo's hot path: query parsing, answer lookup, response writing, the geo map.
 */
package dev.tierkit.bench.dns;
