package dev.tierkit.dns.zone;

import java.util.List;

/**
 * The records a {@link DynamicRRset} chose for one client, and the ECS scope prefix of that choice:
 * how many leading bits of the client's address the choice depended on (RFC 7871 section 7.2.1).
 *
 * @param records the answer, all with the query name's owner (possibly empty for NODATA)
 * @param scopePrefix 0 when the choice did not depend on location, else the width of the network
 *     region that decided it
 */
public record Selection(List<WireRecord> records, int scopePrefix) {
  public Selection {
    records = List.copyOf(records);
  }
}
