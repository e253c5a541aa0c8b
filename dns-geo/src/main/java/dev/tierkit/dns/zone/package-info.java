/**
 * The authoritative core: zones loaded from RFC 1035 master files (with dnsjava), compiled into an
 * immutable snapshot, and the lookup algorithm of RFC 1034 section 4.3.2 (with RFC 4592 wildcards,
 * RFC 2308 negative answers and RFC 8482 ANY). No Netty here: answers are lists of {@link
 * dev.tierkit.dns.zone.WireRecord}s that the wire layer writes.
 */
package dev.tierkit.dns.zone;
