/**
 * The L7 HTTP/1.1 reverse proxy: {@link dev.tierkit.lb.http.HttpFrontendInitializer} sets up a
 * client connection, {@link dev.tierkit.lb.http.HttpProxyHandler} forwards its requests, and each
 * event loop keeps its own pool of keep-alive backend connections. The request safety and header
 * rules sit apart: {@link dev.tierkit.lb.http.StrictHttpRequestDecoder} (Netty's request decoder
 * with lb's limits and the smuggling checks it lacks), {@link dev.tierkit.lb.http.RequestValidator}
 * (which status answers a request that may not go on), {@link dev.tierkit.lb.http.HeaderRewriter}
 * (hop-by-hop and X-Forwarded-* rules) and {@link dev.tierkit.lb.http.ErrorResponses} (the proxy's
 * own pages).
 */
package dev.tierkit.lb.http;
