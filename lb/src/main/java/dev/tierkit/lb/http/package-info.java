/**
 * The L7 HTTP/1.1 reverse proxy: {@link dev.tierkit.lb.http.HttpFrontendInitializer} sets up a
 * client connection, {@link dev.tierkit.lb.http.HttpProxyHandler} forwards its requests, and each
 * event loop keeps its own pool of keep-alive backend connections. The request safety and header
 * rules, shared with cdn-edge, are in {@code dev.tierkit.common.http}.
 */
package dev.tierkit.lb.http;
