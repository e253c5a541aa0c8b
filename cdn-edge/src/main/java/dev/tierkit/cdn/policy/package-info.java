/**
 * The HTTP caching rules, with no I/O: Cache-Control and CDN-Cache-Control parsing, storability and
 * freshness (RFC 9111, RFC 9213, RFC 5861), cache keys and Vary, conditional requests and byte
 * ranges (RFC 9110).
 */
package dev.tierkit.cdn.policy;
