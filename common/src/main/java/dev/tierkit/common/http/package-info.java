/**
 * HTTP/1.1 pieces shared by the daemons that proxy HTTP (lb and cdn-edge): {@link
 * dev.tierkit.common.http.StrictHttpRequestDecoder} (Netty's request decoder with explicit {@link
 * dev.tierkit.common.http.HttpLimits} and the smuggling checks it lacks), {@link
 * dev.tierkit.common.http.RequestValidator} (which status answers a request that may not go on),
 * {@link dev.tierkit.common.http.HeaderRewriter} (hop-by-hop and X-Forwarded-* rules), {@link
 * dev.tierkit.common.http.ErrorResponses} (a proxy's own error pages) and {@link
 * dev.tierkit.common.http.ClientResponseEncoder}.
 */
package dev.tierkit.common.http;
