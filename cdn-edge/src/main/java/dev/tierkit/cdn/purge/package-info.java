/**
 * Invalidation by URL, host, path prefix, surrogate-key tag or everything, each O(1) in the number
 * of cached objects: purges bump generation counters that a lookup compares with the generation an
 * object was stored at.
 */
package dev.tierkit.cdn.purge;
