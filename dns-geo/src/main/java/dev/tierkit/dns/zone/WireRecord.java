package dev.tierkit.dns.zone;

import java.util.Arrays;
import java.util.Objects;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * One resource record compiled for the wire: its owner, type, class, TTL and RDATA in uncompressed
 * wire form (names inside the RDATA uncompressed, case as in the zone file).
 *
 * <p>The response writer compresses owner names always, and names inside RDATA only for the types
 * RFC 3597 section 4 allows (NS, CNAME, SOA, PTR, MX and the obsolete RFC 1035 types); RDATA of
 * every other type, known or not, is copied as is.
 *
 * <p>Immutable; {@link #rdata} is never modified after construction (callers must not either).
 */
public final class WireRecord {
  private final Name owner;
  private final byte[] ownerWire;
  private final int type;
  private final int dclass;
  private final long ttl;
  private final byte[] rdata;

  public WireRecord(Name owner, int type, int dclass, long ttl, byte[] rdata) {
    this(owner, owner.toWire(), type, dclass, ttl, rdata);
  }

  /** Shares {@code ownerWire} with other records of the same owner (a zone has many of them). */
  private WireRecord(Name owner, byte[] ownerWire, int type, int dclass, long ttl, byte[] rdata) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.ownerWire = ownerWire;
    this.type = type;
    this.dclass = dclass;
    this.ttl = ttl;
    this.rdata = Objects.requireNonNull(rdata, "rdata");
  }

  /** Compiles a dnsjava record. */
  public static WireRecord of(Record record) {
    return new WireRecord(
        record.getName(), record.getType(), record.getDClass(), record.getTTL(), rdataOf(record));
  }

  /**
   * Compiles a dnsjava record whose owner is {@code previous}'s owner (the same {@link Name}
   * instance), sharing its owner bytes; any other record is compiled as {@link #of(Record)} does.
   */
  // The same instance, not an equal name: equal names may differ in case, and the bytes keep case.
  @SuppressWarnings("ReferenceEquality")
  static WireRecord of(Record record, WireRecord previous) {
    if (previous != null && previous.owner == record.getName()) {
      return new WireRecord(
          previous.owner,
          previous.ownerWire,
          record.getType(),
          record.getDClass(),
          record.getTTL(),
          rdataOf(record));
    }
    return of(record);
  }

  private static byte[] rdataOf(Record record) {
    // toWire(section) = owner, type, class, ttl, rdlength, rdata, uncompressed.
    byte[] whole = record.toWire(org.xbill.DNS.Section.ANSWER);
    int ownerLength = record.getName().length();
    int start = ownerLength + 10;
    return Arrays.copyOfRange(whole, start, whole.length);
  }

  /** The same record with another TTL (negative answers cap the SOA's TTL, RFC 2308). */
  public WireRecord withTtl(long newTtl) {
    return newTtl == ttl ? this : new WireRecord(owner, ownerWire, type, dclass, newTtl, rdata);
  }

  /** The same record under another owner (a wildcard expanded to the query name). */
  public WireRecord withOwner(Name newOwner) {
    return new WireRecord(newOwner, type, dclass, ttl, rdata);
  }

  /**
   * The domain name this record points at, for the types whose RDATA holds one that lookups follow
   * or resolve: CNAME, DNAME, NS and PTR (the whole RDATA), MX (after the preference), SRV (after
   * priority, weight and port). {@code null} for every other type.
   */
  public Name target() {
    int offset;
    switch (type) {
      case Type.CNAME, Type.DNAME, Type.NS, Type.PTR -> offset = 0;
      case Type.MX -> offset = 2;
      case Type.SRV -> offset = 6;
      default -> {
        return null;
      }
    }
    if (rdata.length <= offset) {
      return null;
    }
    DNSInput in = new DNSInput(rdata);
    in.jump(offset);
    try {
      return new Name(in);
    } catch (WireParseException e) {
      return null;
    }
  }

  public Name owner() {
    return owner;
  }

  /** The owner in uncompressed wire form, case as in the zone. Do not modify. */
  public byte[] ownerWire() {
    return ownerWire;
  }

  public int type() {
    return type;
  }

  public int dclass() {
    return dclass;
  }

  public long ttl() {
    return ttl;
  }

  /** The RDATA in uncompressed wire form. Do not modify. */
  public byte[] rdata() {
    return rdata;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireRecord r
        && r.type == type
        && r.dclass == dclass
        && r.ttl == ttl
        && r.owner.equals(owner)
        && Arrays.equals(r.rdata, rdata);
  }

  @Override
  public int hashCode() {
    return (owner.hashCode() * 31 + type) * 31 + Arrays.hashCode(rdata);
  }

  @Override
  public String toString() {
    return owner + " " + ttl + " " + org.xbill.DNS.Type.string(type) + " (" + rdata.length + " B)";
  }
}
