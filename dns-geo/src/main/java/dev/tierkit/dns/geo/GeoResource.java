package dev.tierkit.dns.geo;

import dev.tierkit.dns.zone.Client;
import dev.tierkit.dns.zone.DynamicRRset;
import dev.tierkit.dns.zone.Selection;
import dev.tierkit.dns.zone.WireRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The records of one geo resource name and type, chosen per client.
 *
 * <p>Choice: the {@link NetworkMap} gives the client's ordered data centers and the scope. Of the
 * data centers in that order that have an entry for this resource, the first whose entry is usable
 * ({@link HealthState#usable}: not forced down, and forced up or its governing checks up) wins; if
 * none is usable, the first of them answers anyway (something rather than nothing). A data center
 * of the resource that the client's list does not name is never used, except when the list names
 * none of the resource's data centers: then the resource's first data center stands in for the
 * list. An entry is per name, not per type, so the A and AAAA answers of one client come from the
 * same data center (an entry without records of this type answers NODATA).
 *
 * <p>Records: all of the winner's records of this type, or with {@code pick} fewer than that,
 * {@code pick} distinct ones drawn by weight. The scope is the map's scope for the client.
 *
 * <p>Cost: candidate lists are precomputed per decision, so a select is one trie walk, a few
 * volatile reads and, without {@code pick}, no allocation (the selections are cached per scope);
 * with {@code pick} only the result list. Immutable apart from the health state it reads and the
 * benign-race selection cache (its elements are immutable); safe from any number of threads.
 */
public final class GeoResource implements DynamicRRset {
  private final Name name;
  private final int type;
  private final NetworkMap map;
  private final HealthState health;
  private final List<Entry> entries;
  private final Entry[] entryArray;
  private final int[][] candidates;

  GeoResource(Name name, int type, NetworkMap map, HealthState health, List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("no entries");
    }
    this.name = name;
    this.type = type;
    this.map = map;
    this.health = health;
    this.entries = List.copyOf(entries);
    this.entryArray = entries.toArray(new Entry[0]);
    List<String> datacenters = health.datacenters();
    this.candidates = new int[map.decisions().size()][];
    for (NetworkMap.Decision decision : map.decisions()) {
      List<Integer> order = new ArrayList<>();
      for (String dc : decision.datacenters()) {
        int dcIndex = datacenters.indexOf(dc);
        for (int e = 0; e < entryArray.length; e++) {
          if (entryArray[e].datacenter == dcIndex) {
            order.add(e);
          }
        }
      }
      if (order.isEmpty()) {
        order.add(0);
      }
      candidates[decision.id()] = order.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  @Override
  public Name name() {
    return name;
  }

  @Override
  public int type() {
    return type;
  }

  /** The per data center entries, in the order the resource lists them. */
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public Selection select(Client client) {
    long result = map.lookup(client.address().getAddress(), client.sourcePrefix());
    int[] order = candidates[NetworkMap.decisionOf(result)];
    Entry chosen = null;
    for (int e : order) {
      Entry entry = entryArray[e];
      if (health.usable(entry.datacenter, entry.governing)) {
        chosen = entry;
        break;
      }
    }
    if (chosen == null) {
      chosen = entryArray[order[0]];
    }
    health.answered(chosen.datacenter);
    return chosen.select(NetworkMap.scopeOf(result));
  }

  @Override
  public String toString() {
    return "GeoResource " + name + " " + Type.string(type) + " " + entries;
  }

  /** One data center's records of this resource and type, and the checks that govern it. */
  public static final class Entry {
    private final int datacenter;
    private final String datacenterName;
    private final int[] governing;
    private final int pick;
    private final List<WireRecord> records;
    private final WireRecord[] recordArray;
    private final int[] weights;
    private final int totalWeight;
    private final Selection[] byScope = new Selection[129];

    /**
     * @param governing ids of the checks that must be up for this entry to be used
     * @param pick how many records to answer with; {@code >= records.size()} for all
     */
    Entry(
        int datacenter,
        String datacenterName,
        int[] governing,
        int pick,
        List<WireRecord> records,
        List<Integer> weights) {
      this.datacenter = datacenter;
      this.datacenterName = datacenterName;
      this.governing = governing.clone();
      this.pick = pick;
      this.records = List.copyOf(records);
      this.recordArray = records.toArray(new WireRecord[0]);
      this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
      int total = 0;
      for (int w : this.weights) {
        total += w;
      }
      this.totalWeight = total;
    }

    /** The data center's name. */
    public String datacenter() {
      return datacenterName;
    }

    /** All records of this entry and type. */
    public List<WireRecord> records() {
      return records;
    }

    Selection select(int scope) {
      if (pick >= recordArray.length) {
        Selection cached = byScope[scope];
        if (cached == null) {
          cached = new Selection(records, scope);
          byScope[scope] = cached;
        }
        return cached;
      }
      return new Selection(pickByWeight(), scope);
    }

    /**
     * {@code pick} distinct records, each draw proportional to weight among those not yet drawn.
     * O(pick * records); records per entry are few.
     */
    private List<WireRecord> pickByWeight() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      if (pick == 1) {
        return List.of(recordArray[draw(random.nextInt(totalWeight), null)]);
      }
      WireRecord[] out = new WireRecord[pick];
      boolean[] taken = new boolean[recordArray.length];
      int remaining = totalWeight;
      for (int i = 0; i < pick; i++) {
        int chosen = draw(random.nextInt(remaining), taken);
        taken[chosen] = true;
        remaining -= weights[chosen];
        out[i] = recordArray[chosen];
      }
      return List.of(out);
    }

    private int draw(int point, boolean[] taken) {
      int left = point;
      int last = -1;
      for (int i = 0; i < weights.length; i++) {
        if (taken != null && taken[i]) {
          continue;
        }
        last = i;
        left -= weights[i];
        if (left < 0) {
          return i;
        }
      }
      return last;
    }

    @Override
    public String toString() {
      return datacenterName + records;
    }
  }
}
