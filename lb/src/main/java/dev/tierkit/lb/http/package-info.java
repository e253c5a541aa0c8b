/**
 * The L7 proxy's request safety and header rules: {@link
 * dev.tierkit.lb.http.StrictHttpRequestDecoder} (Netty's request decoder with the lb's limits and
 * the smuggling checks it lacks), {@link dev.tierkit.lb.http.RequestValidator} (which status
 * answers a request that may not go on), {@link dev.tierkit.lb.http.HeaderRewriter} (hop-by-hop and
 * X-Forwarded-* rules) and {@link dev.tierkit.lb.http.ErrorResponses} (the proxy's own pages).
 */
package dev.tierkit.lb.http;
