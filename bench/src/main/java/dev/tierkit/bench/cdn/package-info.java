/**
 * Benchmarks of cdn-edge's hit path, each answering one question beside a baseline: {@link
 * dev.tierkit.bench.cdn.CacheKeyBenchmark} (building the cache key from a request target), {@link
 * dev.tierkit.bench.cdn.LookupBenchmark} (memory-tier lookup, Vary selection and purge check, the
 * whole hit-path lookup minus I/O), {@link dev.tierkit.bench.cdn.FreshnessBenchmark} (the storage
 * decision on an origin response, and Cache-Control parsing alone) and {@link
 * dev.tierkit.bench.cdn.PurgeCheckBenchmark} (the purge-generation check against a Varnish-style
 * ban list).
 */
package dev.tierkit.bench.cdn;
