package dev.tierkit.dns.zone;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * One zone as read from its master file and validated by {@link ZoneLoader}: the origin, the SOA,
 * and every record grouped by owner name. Not yet searchable; {@link ZoneSet} compiles zones into a
 * snapshot that answers queries.
 *
 * <p>Invariants (checked by the loader): exactly one SOA, at the origin; at least one NS at the
 * origin; every owner at or below the origin; class IN only; no CNAME beside other data (RFC 2181
 * section 10.1, DNSSEC types excepted).
 */
public final class Zone {
  private final String source;
  private final Name origin;
  private final WireRecord soa;
  private final long negativeTtl;
  private final Map<Name, List<WireRecord>> recordsByName;
  private final int recordCount;

  Zone(
      String source,
      Name origin,
      WireRecord soa,
      long negativeTtl,
      Map<Name, List<WireRecord>> recordsByName,
      int recordCount) {
    this.source = source;
    this.origin = origin;
    this.soa = soa;
    this.negativeTtl = negativeTtl;
    this.recordsByName = Collections.unmodifiableMap(recordsByName);
    this.recordCount = recordCount;
  }

  /** Where the zone came from (the master file's path), for error messages. */
  public String source() {
    return source;
  }

  public Name origin() {
    return origin;
  }

  /** The SOA record as written in the zone. */
  public WireRecord soa() {
    return soa;
  }

  /**
   * The TTL of the SOA in negative answers: the smaller of the SOA's own TTL and its MINIMUM field
   * (RFC 2308 section 3).
   */
  public long negativeTtl() {
    return negativeTtl;
  }

  /** How many records the zone holds (duplicates included). */
  public int recordCount() {
    return recordCount;
  }

  /** How many distinct owner names the zone holds. */
  public int nameCount() {
    return recordsByName.size();
  }

  /** The records of each owner name, in file order. */
  Map<Name, List<WireRecord>> recordsByName() {
    return recordsByName;
  }

  @Override
  public String toString() {
    return origin + " (" + recordCount + " records from " + source + ")";
  }
}
