package dev.tierkit.dns.zone;

import dev.tierkit.common.config.ConfigException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * An immutable, compiled snapshot of the served zones that answers queries by RFC 1034 section
 * 4.3.2, with RFC 4592 wildcards, RFC 2308 negative answers, RFC 6604 CNAME chains and RFC 8482
 * ANY. Thread-safe: {@link #lookup} only reads, from every event loop at once.
 *
 * <h2>Design</h2>
 *
 * <p>Layout: each zone keeps a hash map from {@link Name} (dnsjava compares names without regard to
 * case) to a {@link ZoneNode} per existing name. Every ancestor of an existing name up to the apex
 * is a node too (an empty non-terminal: a node without RRsets), so "does this name exist" is one
 * map lookup. Nodes hold their RRsets as a small array sorted by type; each static RRset carries
 * its precomputed exact-match {@link Answer} (records, and in-zone A/AAAA of MX, SRV and NS targets
 * as optional additional data). Delegation points carry a precomputed referral.
 *
 * <p>Once compiled, one map, {@code authoritative}, holds for every name the node of the deepest
 * zone that encloses it: a child zone's nodes hide the parent's glue and delegation below the child
 * apex (the largest zone's map is reused for it, so a big zone is not copied). A node knows its
 * zone; the longest enclosing zone of a missing name is the zone of its closest encloser.
 *
 * <p>Invariants: every node's {@code cut} is the highest delegation point at or above it in its
 * zone (null when the zone is authoritative there); {@code wildcard} links a node to its {@code *}
 * child; nothing is mutated after the constructor returns.
 *
 * <p>Complexity: an exact-match static positive lookup is one hash probe and a scan of the node's
 * few types, and allocates nothing. A name that does not exist costs one probe per label stripped
 * until the closest encloser (RFC 4592 section 3.3.1). A CNAME chain repeats that per link, up to
 * {@value #MAX_CHAIN} links. Compiling is linear in the records (times the name depth where a zone
 * has delegations or nested zones).
 *
 * <p>Choices where the RFCs leave room, as Knot DNS does: AXFR and IXFR are REFUSED (this server
 * does not transfer zones); OPT as a question type is FORMERR (RFC 6891 section 6.1.1 allows it
 * only in the additional section); the other meta types (128 to 254: TKEY, TSIG, MAILB, MAILA) are
 * NOTIMP; ANY is answered with the node's single RRset of the lowest type number (RFC 8482 section
 * 4.1); a CNAME is followed only within its zone; positive answers carry no NS in the authority
 * section; a CNAME chain that reaches a delegation ends with the referral's NS and glue and keeps
 * AA for the chain.
 */
public final class ZoneSet {
  /** The most CNAME records one answer follows. */
  public static final int MAX_CHAIN = 16;

  private static final Answer REFUSED = Answer.empty(5);
  private static final Answer FORMERR = Answer.empty(1);
  private static final Answer NOTIMP = Answer.empty(4);

  private final Map<Name, ZoneNode> authoritative;
  private final List<Zone> zones;

  private ZoneSet(Map<Name, ZoneNode> authoritative, List<Zone> zones) {
    this.authoritative = authoritative;
    this.zones = zones;
  }

  /** An empty set: every query is REFUSED. */
  public static ZoneSet empty() {
    return new ZoneSet(Map.of(), List.of());
  }

  /**
   * Compiles {@code zones} and the dynamic RRsets into a snapshot.
   *
   * @throws ConfigException when two zones have the same origin, or a dynamic RRset lies in no
   *     zone, at or below a delegation point, has type SOA or NS, or conflicts with other data at
   *     its name (the same type, or CNAME beside anything else)
   */
  public static ZoneSet of(Collection<Zone> zones, Collection<? extends DynamicRRset> dynamic) {
    Map<Name, ServedZone> byOrigin = new HashMap<>();
    for (Zone zone : zones) {
      ServedZone served = new ServedZone(zone);
      ServedZone clash = byOrigin.put(zone.origin(), served);
      if (clash != null) {
        throw new ConfigException(
            zone.source()
                + ": zone "
                + zone.origin()
                + " is already loaded from "
                + clash.source.source());
      }
      addStatic(served, zone);
    }
    for (DynamicRRset set : dynamic) {
      addDynamic(byOrigin, set);
    }
    for (ServedZone zone : byOrigin.values()) {
      link(zone);
    }
    for (ServedZone zone : byOrigin.values()) {
      for (ZoneNode node : zone.nodes.values()) {
        precompute(node);
      }
    }
    Map<Name, ZoneNode> authoritative = authoritativeNodes(byOrigin);
    List<Zone> list = new ArrayList<>(zones);
    list.sort(Comparator.comparing(Zone::origin));
    return new ZoneSet(authoritative, List.copyOf(list));
  }

  /** The zones of this snapshot, ordered by origin. */
  public List<Zone> zones() {
    return zones;
  }

  /**
   * Answers one question.
   *
   * @param qname the query name (any case)
   * @param qtype the query type; AXFR and IXFR are REFUSED, OPT is FORMERR, other meta types NOTIMP
   * @param qclass IN or ANY; any other class is REFUSED
   * @param client who asks, for dynamic RRsets
   * @return REFUSED (AA off) when no zone encloses {@code qname}, a referral (AA off) below a
   *     delegation, else an authoritative answer, NODATA or NXDOMAIN
   */
  public Answer lookup(Name qname, int qtype, int qclass, Client client) {
    if (qclass != DClass.IN && qclass != DClass.ANY) {
      return REFUSED;
    }
    if (qtype == Type.AXFR || qtype == Type.IXFR) {
      return REFUSED;
    }
    if (qtype == Type.OPT) {
      return FORMERR;
    }
    if (qtype >= 128 && qtype < Type.ANY) { // TKEY, TSIG, MAILB, MAILA and unassigned meta types
      return NOTIMP;
    }
    ZoneNode node = authoritative.get(qname);
    if (node != null && node.cut == null && (node.parentSide == null || qtype != Type.DS)) {
      ZoneNode.Slot slot = node.slot(qtype);
      if (slot != null && slot.answer != null) {
        return slot.answer;
      }
    }
    return resolve(qname, node, qtype, client);
  }

  private Answer resolve(Name qname, ZoneNode exact, int qtype, Client client) {
    ZoneNode node = exact;
    ZoneNode encloser = null;
    if (node == null) {
      encloser = closestEncloser(qname);
      if (encloser == null) {
        return REFUSED;
      }
    } else if (qtype == Type.DS && node.parentSide != null) {
      node = node.parentSide;
    }
    ServedZone zone = node != null ? node.zone : encloser.zone;
    Response response = new Response();
    Name name = qname;
    for (int links = 0; ; links++) {
      ZoneNode top = node != null ? node : encloser;
      if (top.cut != null && !(top.isDelegation() && node != null && qtype == Type.DS)) {
        return response.referral(top.cut);
      }
      ZoneNode data = node;
      if (data == null) {
        data = encloser.wildcard;
        if (data == null) {
          return response.negative(zone, 3);
        }
      }
      boolean synthesized = node == null;
      ZoneNode.Slot slot =
          qtype == Type.ANY ? (data.slots.length == 0 ? null : data.slots[0]) : data.slot(qtype);
      if (slot != null) {
        if (!synthesized && response.isEmpty() && slot.answer != null) {
          return slot.answer;
        }
        List<WireRecord> records = response.records(slot, client, synthesized ? name : null);
        if (records.isEmpty()) {
          return response.negative(zone, 0);
        }
        return response.positive(records, additional(zone, slot, records));
      }
      ZoneNode.Slot cname = qtype == Type.CNAME ? null : data.slot(Type.CNAME);
      if (cname == null) {
        return response.negative(zone, 0);
      }
      List<WireRecord> records = response.records(cname, client, synthesized ? name : null);
      if (records.isEmpty()) {
        return response.negative(zone, 0);
      }
      response.addAnswer(records);
      Name target = cname.dynamic == null ? cname.target : records.get(0).target();
      if (target == null || links + 1 >= MAX_CHAIN || response.owns(target)) {
        return response.positive(List.of(), List.of());
      }
      node = authoritative.get(target);
      encloser = node == null ? closestEncloser(target) : null;
      ZoneNode next = node != null ? node : encloser;
      if (next == null || next.zone != zone) {
        return response.positive(List.of(), List.of());
      }
      name = target;
    }
  }

  /** The longest existing strict ancestor of {@code name} in the map, or {@code null}. */
  private ZoneNode closestEncloser(Name name) {
    int labels = name.labels();
    for (int strip = 1; strip < labels; strip++) {
      ZoneNode node = authoritative.get(new Name(name, strip));
      if (node != null) {
        return node;
      }
    }
    return null;
  }

  private List<WireRecord> additional(
      ServedZone zone, ZoneNode.Slot slot, List<WireRecord> records) {
    if (slot.answer != null) {
      return slot.answer.additional();
    }
    return addresses(authoritative, zone, records, null).all();
  }

  // ---------------------------------------------------------------- compiling

  private static void addStatic(ServedZone served, Zone zone) {
    zone.forEachName(
        (name, records) -> {
          ZoneNode node = new ZoneNode(name, served);
          served.nodes.put(name, node);
          if (records.size() == 1) {
            WireRecord only = records.get(0);
            node.add(new ZoneNode.Slot(only.type(), records, null)); // already immutable
            return;
          }
          Map<Integer, List<WireRecord>> byType = new HashMap<>();
          for (WireRecord r : records) {
            byType.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
          }
          for (Map.Entry<Integer, List<WireRecord>> t : byType.entrySet()) {
            node.add(new ZoneNode.Slot(t.getKey(), rrset(t.getValue()), null));
          }
        });
    served.apex = served.nodes.get(served.origin);
  }

  /**
   * One RRset: duplicates dropped and every TTL set to the first record's (RFC 2181 sections 5 and
   * 5.2).
   */
  private static List<WireRecord> rrset(List<WireRecord> records) {
    long ttl = records.get(0).ttl();
    List<WireRecord> out = new ArrayList<>(records.size());
    Set<ByteBuffer> seen = new HashSet<>();
    for (WireRecord r : records) {
      if (seen.add(ByteBuffer.wrap(r.rdata()))) {
        out.add(r.withTtl(ttl));
      }
    }
    return List.copyOf(out);
  }

  private static void addDynamic(Map<Name, ServedZone> byOrigin, DynamicRRset set) {
    Name name = set.name();
    int type = set.type();
    String what = name + ": dynamic " + Type.string(type) + " RRset";
    ServedZone zone = enclosingZone(byOrigin, name, false);
    if (zone == null) {
      throw new ConfigException(what + " is in no zone");
    }
    if (type == Type.SOA || type == Type.NS) {
      throw new ConfigException(what + ": SOA and NS can only be static");
    }
    ZoneNode node = zone.node(name);
    if (node.slot(type) != null) {
      String other = node.slot(type).dynamic != null ? "another dynamic" : "a static";
      throw new ConfigException(what + " conflicts with " + other + " RRset of that type");
    }
    for (ZoneNode.Slot s : node.slots) {
      boolean clash =
          type == Type.CNAME
              ? !ZoneLoader.mayAccompanyCname(s.type)
              : s.type == Type.CNAME && !ZoneLoader.mayAccompanyCname(type);
      if (clash) {
        throw new ConfigException(
            what + " conflicts with " + Type.string(s.type) + " data (CNAME and other data)");
      }
    }
    node.add(new ZoneNode.Slot(type, List.of(), set));
  }

  /** The deepest zone at or above {@code name} ({@code strict}: strictly above). */
  private static ServedZone enclosingZone(
      Map<Name, ServedZone> byOrigin, Name name, boolean strict) {
    int labels = name.labels();
    for (int strip = strict ? 1 : 0; strip < labels; strip++) {
      ServedZone zone = byOrigin.get(strip == 0 ? name : new Name(name, strip));
      if (zone != null) {
        return zone;
      }
    }
    return null;
  }

  /**
   * Adds empty non-terminals, then marks wildcards and delegations. One pass over all nodes; the
   * cut search then visits only names two or more labels below the apex (a name right below it can
   * only be a delegation point itself).
   */
  private static void link(ServedZone zone) {
    int apexLabels = zone.origin.labels();
    List<ZoneNode> deep = new ArrayList<>();
    List<ZoneNode> delegations = new ArrayList<>();
    List<ZoneNode> wildcards = new ArrayList<>();
    for (ZoneNode node : zone.nodes.values().toArray(new ZoneNode[0])) {
      int below = node.name.labels() - apexLabels;
      if (below == 0) {
        continue;
      }
      if (below >= 2) {
        deep.add(node);
      }
      if (node.slot(Type.NS) != null) {
        delegations.add(node);
      }
      if (node.name.isWild()) {
        wildcards.add(node);
      }
      for (int strip = 1; strip < below; strip++) {
        Name up = new Name(node.name, strip);
        if (zone.nodes.containsKey(up)) {
          break;
        }
        ZoneNode ent = zone.node(up);
        if (below - strip >= 2) {
          deep.add(ent);
        }
        if (up.isWild()) {
          wildcards.add(ent);
        }
      }
    }
    for (ZoneNode node : wildcards) {
      zone.nodes.get(new Name(node.name, 1)).wildcard = node;
    }
    if (delegations.isEmpty()) {
      return;
    }
    for (ZoneNode node : delegations) {
      node.cut = node;
    }
    for (ZoneNode node : deep) {
      int below = node.name.labels() - apexLabels;
      for (int strip = 1; strip < below; strip++) {
        ZoneNode up = zone.nodes.get(new Name(node.name, strip));
        if (up.slot(Type.NS) != null) {
          node.cut = up;
        }
      }
    }
    for (List<ZoneNode> nodes : List.of(delegations, deep)) {
      for (ZoneNode node : nodes) {
        if (node.cut == null) {
          continue;
        }
        for (ZoneNode.Slot s : node.slots) {
          if (s.dynamic != null) {
            throw new ConfigException(
                node.name
                    + ": dynamic "
                    + Type.string(s.type)
                    + " RRset at or below the delegation point "
                    + node.cut.name);
          }
        }
      }
    }
  }

  private static void precompute(ZoneNode node) {
    ServedZone zone = node.zone;
    for (ZoneNode.Slot s : node.slots) {
      if (s.dynamic != null || (node.cut != null && !(node.isDelegation() && s.type == Type.DS))) {
        continue; // dynamic, or never answered from here: below a zone cut only DS at the cut is
      }
      List<WireRecord> additional = addresses(zone.nodes, zone, s.records, null).all();
      s.answer = new Answer(0, true, s.records, List.of(), additional, 0, 0).precompute();
      if (s.type == Type.CNAME) {
        s.target = s.records.get(0).target();
      }
    }
    if (node.isDelegation()) {
      ZoneNode.Slot ns = node.slot(Type.NS);
      Glue glue = addresses(zone.nodes, zone, ns.records, node.name);
      node.referral =
          new Answer(0, false, List.of(), ns.records, glue.all(), glue.required(), 0).precompute();
    }
  }

  /** A/AAAA records of targets, in-bailiwick ones (at or below {@code cut}) first. */
  private static Glue addresses(
      Map<Name, ZoneNode> nodes, ServedZone zone, List<WireRecord> records, Name cut) {
    int rrType = records.isEmpty() ? 0 : records.get(0).type();
    if (rrType != Type.MX && rrType != Type.SRV && rrType != Type.NS) {
      return Glue.NONE;
    }
    List<WireRecord> required = new ArrayList<>();
    List<WireRecord> optional = new ArrayList<>();
    Set<Name> done = new HashSet<>();
    for (WireRecord r : records) {
      if (r.type() != Type.MX && r.type() != Type.SRV && r.type() != Type.NS) {
        continue;
      }
      Name target = r.target();
      if (target == null || !done.add(target)) {
        continue;
      }
      ZoneNode at = nodes.get(target);
      if (at == null || at.zone != zone) {
        continue;
      }
      List<WireRecord> into = cut != null && target.subdomain(cut) ? required : optional;
      for (int type : new int[] {Type.A, Type.AAAA}) {
        ZoneNode.Slot s = at.slot(type);
        if (s != null && s.dynamic == null) {
          into.addAll(s.records);
        }
      }
    }
    return new Glue(required, optional);
  }

  private record Glue(List<WireRecord> requiredList, List<WireRecord> optional) {
    static final Glue NONE = new Glue(List.of(), List.of());

    int required() {
      return requiredList.size();
    }

    List<WireRecord> all() {
      if (optional.isEmpty()) {
        if (requiredList.isEmpty()) {
          return List.of();
        }
        return List.copyOf(requiredList);
      }
      List<WireRecord> all = new ArrayList<>(requiredList);
      all.addAll(optional);
      return List.copyOf(all);
    }
  }

  /**
   * Builds the map of authoritative nodes, where a nested zone's nodes shadow its parent's. The
   * largest zone's own map becomes that map (a million-name zone is not copied); the zones' maps
   * are dropped afterwards, since lookups need only this one.
   */
  private static Map<Name, ZoneNode> authoritativeNodes(Map<Name, ServedZone> byOrigin) {
    ServedZone largest = null;
    for (ServedZone zone : byOrigin.values()) {
      if (largest == null || zone.nodes.size() > largest.nodes.size()) {
        largest = zone;
      }
    }
    if (largest == null) {
      return Map.of();
    }
    for (ServedZone zone : byOrigin.values()) {
      ServedZone parent = enclosingZone(byOrigin, zone.origin, true);
      if (parent != null) {
        ZoneNode delegation = parent.nodes.get(zone.origin);
        if (delegation != null && delegation.isDelegation()) {
          zone.apex.parentSide = delegation;
        }
      }
    }
    Map<Name, ZoneNode> map = largest.nodes;
    List<Name> nestedInLargest = nestedOrigins(byOrigin, largest);
    if (!nestedInLargest.isEmpty()) {
      map.values().removeIf(node -> isHidden(node.name, nestedInLargest));
    }
    for (ServedZone zone : byOrigin.values()) {
      if (zone != largest) {
        List<Name> nested = nestedOrigins(byOrigin, zone);
        for (ZoneNode node : zone.nodes.values()) {
          if (nested.isEmpty() || !isHidden(node.name, nested)) {
            map.put(node.name, node);
          }
        }
      }
    }
    for (ServedZone zone : byOrigin.values()) {
      zone.nodes = null;
    }
    return map;
  }

  private static List<Name> nestedOrigins(Map<Name, ServedZone> byOrigin, ServedZone zone) {
    List<Name> nested = new ArrayList<>();
    for (Name origin : byOrigin.keySet()) {
      if (!origin.equals(zone.origin) && origin.subdomain(zone.origin)) {
        nested.add(origin);
      }
    }
    return nested;
  }

  private static boolean isHidden(Name name, List<Name> nestedOrigins) {
    for (Name origin : nestedOrigins) {
      if (name.subdomain(origin)) {
        return true;
      }
    }
    return false;
  }

  /** The answer being built for one lookup that is not a precomputed one. */
  private static final class Response {
    private List<WireRecord> answer = List.of();
    private int scope;

    boolean isEmpty() {
      return answer.isEmpty() && scope == 0;
    }

    /** The slot's records: static, or selected for the client; owned by {@code synthesizedAs}. */
    List<WireRecord> records(ZoneNode.Slot slot, Client client, Name synthesizedAs) {
      List<WireRecord> records;
      if (slot.dynamic != null) {
        Selection selection = slot.dynamic.select(client);
        scope = Math.max(scope, selection.scopePrefix());
        records = selection.records();
      } else {
        records = slot.records;
      }
      if (synthesizedAs == null || records.isEmpty()) {
        return records;
      }
      List<WireRecord> out = new ArrayList<>(records.size());
      for (WireRecord r : records) {
        out.add(r.withOwner(synthesizedAs));
      }
      return out;
    }

    void addAnswer(List<WireRecord> records) {
      if (answer.isEmpty()) {
        answer = new ArrayList<>();
      }
      answer.addAll(records);
    }

    boolean owns(Name name) {
      for (WireRecord r : answer) {
        if (r.owner().equals(name)) {
          return true;
        }
      }
      return false;
    }

    Answer positive(List<WireRecord> records, List<WireRecord> additional) {
      if (answer.isEmpty()) {
        return new Answer(0, true, records, List.of(), additional, 0, scope);
      }
      addAnswer(records);
      return new Answer(0, true, answer, List.of(), additional, 0, scope);
    }

    Answer negative(ServedZone zone, int rcode) {
      if (isEmpty()) {
        return rcode == 3 ? zone.nxdomain : zone.nodata;
      }
      return new Answer(rcode, true, answer, List.of(zone.negativeSoa), List.of(), 0, scope);
    }

    Answer referral(ZoneNode cut) {
      Answer r = cut.referral;
      if (isEmpty()) {
        return r;
      }
      return new Answer(
          0, true, answer, r.authority(), r.additional(), r.requiredAdditional(), scope);
    }
  }
}
