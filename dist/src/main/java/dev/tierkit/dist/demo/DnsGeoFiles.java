package dev.tierkit.dist.demo;

import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The zone file and geo YAML dns-geo serves in the demo, in the formats its README describes.
 *
 * <p>The zone holds only the apex (SOA, NS and the name server's address): {@code www} and {@code
 * static} are geo names, merged into it by dns-geo. Each data center's one check is a TCP connect
 * to its edge's port, so killing a DC's edge moves its clients to the other DC within about {@code
 * fall x interval + timeout} = 1.4 s. A TCP check rather than an HTTP one because the edge would
 * answer an HTTP check of a dead lb from its cache for as long as the object is fresh. TTLs are 5 s
 * so a resolver in front of the demo follows a failover quickly.
 */
final class DnsGeoFiles {
  static final String ZONE_FILE = "demo.tierkit.test.zone";
  static final String GEO_FILE = "geo.yaml";

  private DnsGeoFiles() {}

  /** Writes both files into {@code dir}; returns the zone file's path, then the geo file's. */
  static List<Path> write(DemoTopology topology, Path dir) throws IOException {
    Path zone = dir.resolve(ZONE_FILE);
    Path geo = dir.resolve(GEO_FILE);
    Files.writeString(zone, zone(topology), StandardCharsets.UTF_8);
    Files.writeString(geo, geo(topology), StandardCharsets.UTF_8);
    return List.of(zone, geo);
  }

  static String zone(DemoTopology topology) {
    return """
        $ORIGIN %s
        $TTL 300
        @    IN SOA ns1 hostmaster (
                    1       ; serial
                    3600    ; refresh
                    600     ; retry
                    86400   ; expire
                    5 )     ; minimum: short, so negative answers do not linger
             IN NS  ns1
        ns1  IN A   %s
        """
        .formatted(DemoTopology.ZONE, topology.shared().dns().listen().host());
  }

  static String geo(DemoTopology topology) {
    StringBuilder y = new StringBuilder();
    y.append("datacenters:\n");
    for (DataCenter dc : topology.dataCenters()) {
      y.append("  ").append(dc.name()).append(":\n");
      y.append("    checks:\n");
      y.append("      - { name: edge, tcp: \"").append(dc.edge().listen()).append("\" }\n");
    }
    y.append("health: { interval: 500ms, timeout: 400ms, rise: 2, fall: 2 }\n");
    y.append("maps:\n");
    y.append("  networks:\n");
    for (DataCenter dc : topology.dataCenters()) {
      y.append("    ").append(dc.network()).append(": ").append(preference(topology, dc));
      y.append('\n');
    }
    y.append("  default: ").append(preference(topology, topology.defaultDataCenter()));
    y.append('\n');
    y.append("resources:\n");
    for (String name : DemoTopology.GEO_NAMES) {
      y.append("  ").append(name).append('.').append(DemoTopology.ZONE).append(":\n");
      y.append("    ttl: ").append(DemoTopology.GEO_TTL.toSeconds()).append('\n');
      y.append("    datacenters:\n");
      for (DataCenter dc : topology.dataCenters()) {
        y.append("      ")
            .append(dc.name())
            .append(": { records: [ { type: A, data: ")
            .append(dc.edge().listen().host())
            .append(" } ] }\n");
      }
    }
    return y.toString();
  }

  /** {@code first} then every other data center, in topology order: where its clients go. */
  private static String preference(DemoTopology topology, DataCenter first) {
    StringBuilder list = new StringBuilder("[").append(first.name());
    for (DataCenter dc : topology.dataCenters()) {
      if (!dc.name().equals(first.name())) {
        list.append(", ").append(dc.name());
      }
    }
    return list.append(']').toString();
  }
}
