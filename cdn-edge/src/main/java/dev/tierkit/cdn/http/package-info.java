/**
 * The client side of the edge: {@link dev.tierkit.cdn.http.EdgeInitializer} sets up a client
 * connection, {@link dev.tierkit.cdn.http.EdgeHandler} answers its requests from the store or
 * through a {@link dev.tierkit.cdn.http.Fetch} (one origin request shared by every client that
 * wants the same object at once), and {@link dev.tierkit.cdn.http.PassExchange} relays what is not
 * cacheable.
 */
package dev.tierkit.cdn.http;
