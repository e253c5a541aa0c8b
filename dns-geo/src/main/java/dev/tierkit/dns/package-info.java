/**
 * {@code tierkit dns-geo}: an authoritative DNS server whose answers depend on where the client is.
 *
 * <p>Layers, pointing one way: the command builds a {@link dev.tierkit.dns.DnsConfig}; the server
 * binds UDP and TCP on one port; {@code wire} decodes queries and writes responses (Netty); {@code
 * zone} answers a question from an immutable compiled snapshot; {@code geo} decides, per client
 * network, which data center's records an answer carries. {@code zone} and {@code geo} never import
 * Netty.
 */
package dev.tierkit.dns;
