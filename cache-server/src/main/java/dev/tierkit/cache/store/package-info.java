/**
 * The cache's core: a memory-bounded key-value store with memcached's item model (32-bit flags,
 * 64-bit CAS, expiry, flush), its eviction policies and its statistics. Nothing here imports Netty;
 * the protocol layer reaches items only through a {@link dev.tierkit.cache.store.Cursor} inside
 * {@link dev.tierkit.cache.store.CacheStore#apply}.
 */
package dev.tierkit.cache.store;
