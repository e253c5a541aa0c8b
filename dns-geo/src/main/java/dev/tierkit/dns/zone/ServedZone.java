package dev.tierkit.dns.zone;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * One zone of a {@link ZoneSet}: while compiling, every node of the zone (including glue below
 * delegations and names that a nested zone answers for); then only what the lookup needs: the
 * negative answers, which depend only on the zone.
 */
final class ServedZone {
  final Zone source;
  final Name origin;

  /** Every node of the zone while compiling; {@code null} once the snapshot is built. */
  Map<Name, ZoneNode> nodes;

  final WireRecord negativeSoa;
  final Answer nodata;
  final Answer nxdomain;
  ZoneNode apex;

  ServedZone(Zone source) {
    this.source = source;
    this.origin = source.origin();
    this.nodes = new HashMap<>(source.nameCount() * 4 / 3 + 16);
    this.negativeSoa = source.soa().withTtl(source.negativeTtl());
    this.nodata =
        new Answer(0, true, List.of(), List.of(negativeSoa), List.of(), 0, 0).precompute();
    this.nxdomain =
        new Answer(3, true, List.of(), List.of(negativeSoa), List.of(), 0, 0).precompute();
  }

  ZoneNode node(Name name) {
    ZoneNode node = nodes.get(name);
    if (node == null) {
      node = new ZoneNode(name, this);
      nodes.put(name, node);
    }
    return node;
  }
}
