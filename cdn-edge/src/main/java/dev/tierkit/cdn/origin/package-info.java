/**
 * The origin side: the origins an edge fetches from ({@link dev.tierkit.cdn.origin.OriginSet},
 * failover or round-robin over the healthy ones), their active health checks ({@link
 * dev.tierkit.cdn.origin.OriginHealth}) and, per event loop, pools of keep-alive connections to
 * them ({@link dev.tierkit.cdn.origin.OriginPool}).
 */
package dev.tierkit.cdn.origin;
