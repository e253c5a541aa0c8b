package dev.tierkit.dns.zone;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * One owner name of a served zone: its RRsets by type (static or dynamic), and the links the lookup
 * follows without searching: the delegation point it lies at or under, its wildcard child, and for
 * a zone apex the parent zone's side of the delegation.
 *
 * <p>Filled in while {@link ZoneSet} compiles, never changed after; a {@link ZoneSet} publishes its
 * nodes safely through its final fields.
 */
final class ZoneNode {
  private static final Slot[] NO_SLOTS = new Slot[0];

  final Name name;
  final ServedZone zone;

  /** RRsets sorted by type; empty for an empty non-terminal. */
  Slot[] slots = NO_SLOTS;

  /**
   * The highest delegation point (NS below the apex) at or above this name in its zone, or {@code
   * null} when the zone is authoritative for this name.
   */
  ZoneNode cut;

  /** The node {@code *.name}, when it exists (RFC 4592 source of synthesis). */
  ZoneNode wildcard;

  /** For a zone apex delegated by another served zone: the parent's node at this name (for DS). */
  ZoneNode parentSide;

  /** For a delegation point: the precomputed referral (AA off, NS in authority, glue). */
  Answer referral;

  ZoneNode(Name name, ServedZone zone) {
    this.name = name;
    this.zone = zone;
  }

  Slot slot(int type) {
    for (Slot s : slots) {
      if (s.type == type) {
        return s;
      }
    }
    return null;
  }

  boolean isDelegation() {
    return cut == this;
  }

  void add(Slot slot) {
    Slot[] grown = java.util.Arrays.copyOf(slots, slots.length + 1);
    int i = grown.length - 1;
    while (i > 0 && grown[i - 1].type > slot.type) {
      grown[i] = grown[i - 1];
      i--;
    }
    grown[i] = slot;
    slots = grown;
  }

  @Override
  public String toString() {
    return name + " " + List.of(slots);
  }

  /** The RRset of one type at a node: static records with their precomputed answer, or dynamic. */
  static final class Slot {
    final int type;
    final List<WireRecord> records;
    final DynamicRRset dynamic;

    /** The exact-match answer for static records; {@code null} for a dynamic set. */
    Answer answer;

    /** For a static CNAME: where it points. */
    Name target;

    Slot(int type, List<WireRecord> records, DynamicRRset dynamic) {
      this.type = type;
      this.records = records;
      this.dynamic = dynamic;
    }

    @Override
    public String toString() {
      return org.xbill.DNS.Type.string(type) + (dynamic != null ? "(dynamic)" : "");
    }
  }
}
