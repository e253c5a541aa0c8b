/**
 * cache-server benchmarks, each answering one question: {@link
 * dev.tierkit.bench.cache.CacheStoreBenchmark} (JMH: store get and set per eviction policy) and
 * {@link dev.tierkit.bench.cache.MemcacheDecoderBenchmark} (JMH: decoder cost per command) for how
 * fast; {@link dev.tierkit.bench.cache.HitRatioSimulator} (a plain program) for how good each
 * policy is; and {@link dev.tierkit.bench.cache.MemcacheLoad}, the pipelining memcached load
 * generator that {@code bench/e2e/cache-vs-memcached.sh} drives against tierkit and memcached.
 * {@link dev.tierkit.bench.cache.ZipfGenerator} draws the skewed keys they share.
 */
package dev.tierkit.bench.cache;
