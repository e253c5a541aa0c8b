package dev.tierkit.dns.wire;

/**
 * What a query's OPT record said (RFC 6891 section 6.1).
 *
 * @param udpPayloadSize the requestor's UDP payload size exactly as sent (may be below 512; see
 *     {@link ResponseWriter#udpLimit})
 * @param version the EDNS version; anything above 0 is answered with BADVERS
 * @param dnssecOk the DO bit (RFC 3225), echoed in the reply
 * @param nsidRequested whether the query carried an empty NSID option (RFC 5001)
 * @param ecs the Client Subnet option, or null when there was none (RFC 7871)
 */
public record Edns(
    int udpPayloadSize, int version, boolean dnssecOk, boolean nsidRequested, ClientSubnet ecs) {}
