/**
 * {@code tierkit lb}: an L4 (TCP) and L7 (HTTP/1.1) load balancer with active and passive health
 * checks, retries within a budget, and runtime control of its backends.
 *
 * <ul>
 *   <li>{@code balance}: the core: backends, pools and balancing algorithms; no Netty.
 *   <li>{@code tcp}: the L4 relay and the PROXY protocol.
 *   <li>{@code http}: the L7 reverse proxy.
 *   <li>{@code health}: active health checks.
 * </ul>
 */
package dev.tierkit.lb;
