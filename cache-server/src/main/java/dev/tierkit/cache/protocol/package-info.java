/**
 * memcached's text and meta protocol over Netty: {@link dev.tierkit.cache.protocol.MemcacheDecoder}
 * turns bytes into typed {@link dev.tierkit.cache.protocol.MemcacheCommand}s, {@link
 * dev.tierkit.cache.protocol.CommandExecutor} runs them on a {@link
 * dev.tierkit.cache.store.CacheStore} and writes memcached's replies, and {@link
 * dev.tierkit.cache.protocol.MemcacheInitializer} assembles the pipeline. The binary protocol is
 * not implemented: a connection that opens with its magic byte is closed.
 */
package dev.tierkit.cache.protocol;
