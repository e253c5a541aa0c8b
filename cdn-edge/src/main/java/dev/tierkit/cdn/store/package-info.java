/**
 * Stored responses and where they live: a memory tier bounded in bytes and an optional disk tier
 * that keeps its objects, and its index, across a restart.
 */
package dev.tierkit.cdn.store;
