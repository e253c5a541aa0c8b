package dev.tierkit.dns.zone;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
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

  /** Per owner a {@link WireRecord}, or a {@code WireRecord[]} when it has several: few objects. */
  private final Map<Name, Object> recordsByName;

  private final int recordCount;

  Zone(
      String source,
      Name origin,
      WireRecord soa,
      long negativeTtl,
      Map<Name, Object> recordsByName,
      int recordCount) {
    this.source = source;
    this.origin = origin;
    this.soa = soa;
    this.negativeTtl = negativeTtl;
    this.recordsByName = recordsByName;
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

  /** The records of {@code owner}, in file order; empty when it has none. */
  List<WireRecord> records(Name owner) {
    return asList(recordsByName.get(owner));
  }

  /** Calls {@code action} with each owner name and its records, in no particular order (AXFR). */
  public void forEachName(BiConsumer<Name, List<WireRecord>> action) {
    recordsByName.forEach((name, records) -> action.accept(name, asList(records)));
  }

  /** Adds {@code record} to the records of its owner in a map built for a Zone. */
  static void add(Map<Name, Object> recordsByName, Name owner, WireRecord record) {
    Object old = recordsByName.putIfAbsent(owner, record);
    if (old instanceof WireRecord one) {
      recordsByName.put(owner, new WireRecord[] {one, record});
    } else if (old instanceof WireRecord[] many) {
      WireRecord[] grown = Arrays.copyOf(many, many.length + 1);
      grown[many.length] = record;
      recordsByName.put(owner, grown);
    }
  }

  private static List<WireRecord> asList(Object records) {
    if (records == null) {
      return List.of();
    }
    if (records instanceof WireRecord one) {
      return List.of(one);
    }
    return Collections.unmodifiableList(Arrays.asList((WireRecord[]) records));
  }

  @Override
  public String toString() {
    return origin + " (" + recordCount + " records from " + source + ")";
  }
}
