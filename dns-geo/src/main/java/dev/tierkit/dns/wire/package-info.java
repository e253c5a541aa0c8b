/**
 * The DNS wire format (RFC 1035 section 4, RFC 6891 EDNS0, RFC 7871 Client Subnet, RFC 5001 NSID):
 * a query parser that turns hostile bytes into a {@link dev.tierkit.dns.wire.DnsQuery} or a precise
 * error, and a response writer that puts an answer straight into a {@code ByteBuf} with name
 * compression and truncation.
 *
 * <p>Ownership: {@link dev.tierkit.dns.wire.QueryParser#parse} only reads the packet and copies
 * what it keeps, so the caller may release the packet as soon as it returns. {@link
 * dev.tierkit.dns.wire.ResponseWriter} writes into a buffer the caller allocated and keeps no
 * reference to it; the caller hands that buffer on with its write (or releases it).
 *
 * <p>Threads: {@code QueryParser} is stateless and may be shared; {@code ResponseWriter} reuses a
 * compression table and belongs to one event loop.
 */
package dev.tierkit.dns.wire;
