/**
 * The listeners: UDP and TCP on one port (RFC 7766), the per-query path from bytes to response
 * shared by both, response rate limiting and the query metrics. Netty lives here and in {@code
 * wire}; the answers come from the snapshot's {@code ZoneSet}.
 */
package dev.tierkit.dns.server;
