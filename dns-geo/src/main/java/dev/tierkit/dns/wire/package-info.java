/**
 * The DNS wire format (RFC 1035 section 4, RFC 6891 EDNS0, RFC 7871 Client Subnet, RFC 5001 NSID):
 * a query parser that turns hostile bytes into a {@link dev.tierkit.dns.wire.DnsQuery} or a precise
 * error, and a response writer that puts an answer straight into a {@code ByteBuf} with name
 * compression and truncation.
 */
package dev.tierkit.dns.wire;
