/**
 * cdn-edge: a pull-CDN edge, an HTTP/1.1 caching reverse proxy that follows RFC 9111. Requests go
 * through {@code http} (the client side, coalescing and serving), {@code policy} (what may be
 * stored, for how long, and how a stored response answers a request), {@code store} (the memory and
 * disk tiers), {@code purge} (generation counters that make every purge O(1)) and {@code origin}
 * (origin servers, their health and connection pools).
 */
package dev.tierkit.cdn;
