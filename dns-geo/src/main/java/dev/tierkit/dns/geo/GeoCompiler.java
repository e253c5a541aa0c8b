package dev.tierkit.dns.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.InvalidNetworkException;
import com.maxmind.db.Network;
import com.maxmind.db.Networks;
import com.maxmind.db.Reader;
import dev.tierkit.dns.geo.GeoConfig.CheckConfig;
import dev.tierkit.dns.geo.GeoConfig.DatacenterConfig;
import dev.tierkit.dns.geo.GeoConfig.HealthConfig;
import dev.tierkit.dns.geo.GeoConfig.MaxmindConfig;
import dev.tierkit.dns.geo.GeoConfig.RecordConfig;
import dev.tierkit.dns.geo.GeoConfig.ResourceConfig;
import dev.tierkit.dns.geo.GeoConfig.ResourceDatacenterConfig;
import dev.tierkit.dns.zone.DynamicRRset;
import dev.tierkit.dns.zone.WireRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Compiles a {@link GeoConfig} into a {@link CompiledGeo}, checking every reference between its
 * parts (data centers named in maps and resources, check names, the MaxMind file) and reporting a
 * mistake as one line with the file, line and field.
 *
 * <p>The network map is built in precedence order, later inserts replacing what lies inside them:
 * every network of the MaxMind database (its decision from subdivisions, then countries, then
 * continents, then nearest, then default), then the explicit CIDRs from the shortest prefix to the
 * longest, so a CIDR beats the database and a narrower CIDR beats a wider one.
 */
final class GeoCompiler {
  private static final Set<String> CONTINENTS = Set.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final double EARTH_RADIUS_KM = 6371.0;

  private final GeoConfig config;
  private final Path configDir;
  private final ConfigPositions positions;
  private final Map<String, Integer> datacenterIndex = new LinkedHashMap<>();

  GeoCompiler(GeoConfig config, Path configDir, ConfigPositions positions) {
    this.config = config;
    this.configDir = configDir;
    this.positions = positions;
  }

  CompiledGeo compile() {
    List<String> names = new ArrayList<>();
    for (String name : config.datacenters().keySet()) {
      try {
        GeoConfig.requireName("name", name);
      } catch (IllegalArgumentException e) {
        throw positions.error(List.of("datacenters", name), e.getMessage());
      }
      datacenterIndex.put(name, names.size());
      names.add(name);
    }
    List<HealthCheck> checks = new ArrayList<>();
    List<CompiledGeo.Datacenter> datacenters = compileDatacenters(checks);
    NetworkMap map = compileMap(datacenters);
    HealthState health = new HealthState(names, checks);
    List<DynamicRRset> rrsets = compileResources(datacenters, map, health);
    return new CompiledGeo(datacenters, map, rrsets, checks, health);
  }

  private List<CompiledGeo.Datacenter> compileDatacenters(List<HealthCheck> checks) {
    HealthConfig defaults = config.health();
    List<CompiledGeo.Datacenter> out = new ArrayList<>();
    for (Map.Entry<String, DatacenterConfig> e : config.datacenters().entrySet()) {
      String dc = e.getKey();
      int index = datacenterIndex.get(dc);
      DatacenterConfig dcConfig =
          e.getValue() == null ? new DatacenterConfig(null, null, null) : e.getValue();
      List<HealthCheck> own = new ArrayList<>();
      for (int i = 0; i < dcConfig.checks().size(); i++) {
        CheckConfig c = dcConfig.checks().get(i);
        Duration interval =
            first(
                GeoConfig.duration("interval", c.interval()),
                GeoConfig.duration("interval", defaults.interval()),
                HealthConfig.DEFAULT_INTERVAL);
        Duration timeout =
            first(
                GeoConfig.duration("timeout", c.timeout()),
                GeoConfig.duration("timeout", defaults.timeout()),
                HealthConfig.DEFAULT_TIMEOUT);
        int rise = first(c.rise(), defaults.rise(), HealthConfig.DEFAULT_RISE);
        int fall = first(c.fall(), defaults.fall(), HealthConfig.DEFAULT_FALL);
        HealthCheck.Kind kind = c.tcp() != null ? HealthCheck.Kind.TCP : HealthCheck.Kind.HTTP;
        String target = (c.tcp() != null ? c.tcp() : c.http()).trim();
        try {
          HealthCheck check =
              new HealthCheck(
                  checks.size(), index, dc, c.name(), kind, target, interval, timeout, rise, fall);
          checks.add(check);
          own.add(check);
        } catch (IllegalArgumentException ex) {
          throw positions.error(List.of("datacenters", dc, "checks", i), ex.getMessage());
        }
      }
      out.add(
          new CompiledGeo.Datacenter(index, dc, dcConfig.latitude(), dcConfig.longitude(), own));
    }
    return out;
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    throw new IllegalStateException("no default");
  }

  // ---- the network map ----

  private NetworkMap compileMap(List<CompiledGeo.Datacenter> datacenters) {
    GeoConfig.MapsConfig maps = config.maps();
    NetworkMap.Builder builder = NetworkMap.builder();
    List<String> defaultOrder =
        maps.defaultOrder() == null ? List.copyOf(datacenterIndex.keySet()) : maps.defaultOrder();
    int defaultDecision = builder.intern(checkOrder(List.of("maps", "default"), defaultOrder));
    if (maps.maxmind() != null) {
      insertMaxmind(builder, maps.maxmind(), datacenters, defaultDecision);
    }
    List<Cidr> cidrs = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : maps.networks().entrySet()) {
      List<Object> path = List.of("maps", "networks", e.getKey());
      Cidr cidr = parseCidr(path, e.getKey());
      cidrs.add(
          new Cidr(cidr.address, cidr.prefix, builder.intern(checkOrder(path, e.getValue()))));
    }
    cidrs.sort(Comparator.comparingInt(Cidr::bits));
    for (Cidr c : cidrs) {
      builder.insert(c.address, c.prefix, c.decision);
    }
    return builder.build();
  }

  private static final class Cidr {
    final byte[] address;
    final int prefix;
    final int decision;

    Cidr(byte[] address, int prefix, int decision) {
      this.address = address;
      this.prefix = prefix;
      this.decision = decision;
    }

    int bits() {
      return address.length == 4 ? prefix + 96 : prefix;
    }
  }

  private List<String> checkOrder(List<Object> path, List<String> order) {
    if (order == null || order.isEmpty()) {
      throw positions.error(path, "name at least one data center");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < order.size(); i++) {
      String dc = order.get(i);
      List<Object> at = append(path, i);
      if (!datacenterIndex.containsKey(dc)) {
        throw positions.error(at, unknownDatacenter(dc));
      }
      if (!seen.add(dc)) {
        throw positions.error(at, "data center '" + dc + "' is listed twice");
      }
    }
    return order;
  }

  private String unknownDatacenter(String dc) {
    return "unknown data center '"
        + dc
        + "' (known: "
        + String.join(", ", datacenterIndex.keySet())
        + ")";
  }

  private static List<Object> append(List<Object> path, Object segment) {
    List<Object> out = new ArrayList<>(path);
    out.add(segment);
    return out;
  }

  /** {@code 10.1.0.0/16}, {@code 2001:db8::/32}, {@code ::ffff:10.0.0.0/104}; host bits zero. */
  private Cidr parseCidr(List<Object> path, String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw positions.error(path, "'" + text + "' is not a CIDR (ADDRESS/PREFIX)");
    }
    String addressText = text.substring(0, slash).trim();
    int prefix;
    try {
      prefix = Integer.parseInt(text.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw positions.error(path, "'" + text + "' has no numeric prefix length");
    }
    byte[] address;
    if (addressText.indexOf(':') >= 0) {
      try {
        byte[] raw = InetAddress.getByName(addressText).getAddress();
        address = raw.length == 16 ? raw : mapped(raw);
      } catch (UnknownHostException e) {
        throw positions.error(path, "'" + addressText + "' is not an IPv6 address");
      }
    } else {
      address = parseIpv4(addressText);
      if (address == null) {
        throw positions.error(path, "'" + addressText + "' is not an IPv4 address");
      }
    }
    int max = address.length * 8;
    if (prefix < 0 || prefix > max) {
      throw positions.error(path, "prefix length " + prefix + " is outside 0.." + max);
    }
    byte[] masked = address.clone();
    for (int bit = prefix; bit < max; bit++) {
      masked[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    if (!Arrays.equals(masked, address)) {
      String network;
      try {
        network = InetAddress.getByAddress(masked).getHostAddress() + "/" + prefix;
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      throw positions.error(path, "'" + text + "' has host bits set; the network is " + network);
    }
    return new Cidr(address, prefix, 0);
  }

  private static byte[] parseIpv4(String text) {
    var m = IPV4.matcher(text);
    if (!m.matches()) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(m.group(i + 1));
      if (octet > 255) {
        return null;
      }
      out[i] = (byte) octet;
    }
    return out;
  }

  private static byte[] mapped(byte[] v4) {
    byte[] a = new byte[16];
    a[10] = (byte) 0xff;
    a[11] = (byte) 0xff;
    System.arraycopy(v4, 0, a, 12, 4);
    return a;
  }

  private void insertMaxmind(
      NetworkMap.Builder builder,
      MaxmindConfig maxmind,
      List<CompiledGeo.Datacenter> datacenters,
      int defaultDecision) {
    List<Object> base = List.of("maps", "maxmind");
    Map<String, Integer> subdivisions =
        codes(builder, append(base, "subdivisions"), maxmind.subdivisions(), SUBDIVISION);
    Map<String, Integer> countries =
        codes(builder, append(base, "countries"), maxmind.countries(), COUNTRY);
    Map<String, Integer> continents = new HashMap<>();
    for (Map.Entry<String, List<String>> e : maxmind.continents().entrySet()) {
      List<Object> path = List.of("maps", "maxmind", "continents", e.getKey());
      if (!CONTINENTS.contains(e.getKey())) {
        throw positions.error(
            path,
            "'"
                + e.getKey()
                + "' is not a continent code ("
                + String.join(", ", sorted(CONTINENTS))
                + ")");
      }
      continents.put(e.getKey(), builder.intern(checkOrder(path, e.getValue())));
    }
    List<CompiledGeo.Datacenter> located = new ArrayList<>();
    for (CompiledGeo.Datacenter dc : datacenters) {
      if (dc.latitude() != null) {
        located.add(dc);
      }
    }
    if (maxmind.nearest() && located.isEmpty()) {
      throw positions.error(
          append(base, "nearest"), "no data center has a latitude and longitude to measure from");
    }
    Path file = configDir.resolve(maxmind.file());
    List<Object> filePath = append(base, "file");
    if (!Files.isRegularFile(file)) {
      throw positions.error(filePath, "MaxMind database " + file + " not found");
    }
    Map<MaxmindRecord, Integer> decided = new HashMap<>();
    try (Reader reader = new Reader(file.toFile(), new CHMCache())) {
      Networks<MaxmindRecord> networks = reader.networks(false, MaxmindRecord.class);
      while (networks.hasNext()) {
        DatabaseRecord<MaxmindRecord> record = networks.next();
        MaxmindRecord data = record.data();
        if (data == null) {
          continue;
        }
        Integer decision = decided.get(data);
        if (decision == null) {
          decision =
              decide(
                  builder, data, subdivisions, countries, continents, maxmind.nearest(), located);
          decision = decision == null ? defaultDecision : decision;
          decided.put(data, decision);
        }
        if (decision != defaultDecision) {
          Network network = record.network();
          builder.insert(network.networkAddress().getAddress(), network.prefixLength(), decision);
        }
      }
    } catch (IOException | InvalidNetworkException | RuntimeException e) {
      throw positions.error(
          filePath, "cannot read MaxMind database " + file + ": " + e.getMessage());
    }
  }

  private static List<String> sorted(Set<String> set) {
    List<String> out = new ArrayList<>(set);
    out.sort(null);
    return out;
  }

  private Map<String, Integer> codes(
      NetworkMap.Builder builder,
      List<Object> path,
      Map<String, List<String>> config,
      Pattern pattern) {
    Map<String, Integer> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : config.entrySet()) {
      List<Object> at = append(path, e.getKey());
      if (!pattern.matcher(e.getKey()).matches()) {
        throw positions.error(
            at, "'" + e.getKey() + "' is not an ISO code of the form " + pattern.pattern());
      }
      out.put(e.getKey(), builder.intern(checkOrder(at, e.getValue())));
    }
    return out;
  }

  /** The decision for one database record, or null for the default. */
  private static Integer decide(
      NetworkMap.Builder builder,
      MaxmindRecord data,
      Map<String, Integer> subdivisions,
      Map<String, Integer> countries,
      Map<String, Integer> continents,
      boolean nearest,
      List<CompiledGeo.Datacenter> located) {
    String country = data.country() == null ? null : data.country().isoCode();
    if (country != null && data.subdivisions() != null) {
      for (int i = data.subdivisions().size() - 1; i >= 0; i--) {
        MaxmindRecord.Code sub = data.subdivisions().get(i);
        Integer d = sub == null ? null : subdivisions.get(country + "-" + sub.isoCode());
        if (d != null) {
          return d;
        }
      }
    }
    if (country != null && countries.containsKey(country)) {
      return countries.get(country);
    }
    if (data.continent() != null && continents.containsKey(data.continent().code())) {
      return continents.get(data.continent().code());
    }
    MaxmindRecord.Location at = data.location();
    if (nearest && at != null && at.latitude() != null && at.longitude() != null) {
      List<CompiledGeo.Datacenter> order = new ArrayList<>(located);
      order.sort(
          Comparator.comparingDouble(
              dc -> distanceKm(at.latitude(), at.longitude(), dc.latitude(), dc.longitude())));
      List<String> names = new ArrayList<>();
      for (CompiledGeo.Datacenter dc : order) {
        names.add(dc.name());
      }
      return builder.intern(names);
    }
    return null;
  }

  /** Great-circle distance by the haversine formula. */
  static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h =
        Math.sin(dp / 2) * Math.sin(dp / 2)
            + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  // ---- resources ----

  private List<DynamicRRset> compileResources(
      List<CompiledGeo.Datacenter> datacenters, NetworkMap map, HealthState health) {
    List<DynamicRRset> out = new ArrayList<>();
    Map<Name, String> seen = new HashMap<>();
    for (Map.Entry<String, ResourceConfig> e : config.resources().entrySet()) {
      String key = e.getKey();
      List<Object> path = List.of("resources", key);
      Name name;
      try {
        name = Name.fromString(key, Name.root);
      } catch (TextParseException ex) {
        throw positions.error(path, "'" + key + "' is not a domain name: " + ex.getMessage());
      }
      String earlier = seen.putIfAbsent(name, key);
      if (earlier != null) {
        throw positions.error(path, "the same name as resource '" + earlier + "'");
      }
      ResourceConfig resource = e.getValue();
      if (resource == null) {
        throw positions.error(path, "give the resource's datacenters");
      }
      out.addAll(compileResource(path, name, resource, datacenters, map, health));
    }
    return out;
  }

  private List<GeoResource> compileResource(
      List<Object> path,
      Name name,
      ResourceConfig resource,
      List<CompiledGeo.Datacenter> datacenters,
      NetworkMap map,
      HealthState health) {
    // type -> one entry per data center of the resource, in the resource's order
    Map<Integer, List<GeoResource.Entry>> byType = new LinkedHashMap<>();
    List<Integer> types = new ArrayList<>();
    record Parsed(
        int dc,
        String dcName,
        List<Integer> governing,
        int pick,
        Map<Integer, List<WireRecord>> records,
        Map<Integer, List<Integer>> weights) {}
    List<Parsed> parsed = new ArrayList<>();
    for (Map.Entry<String, ResourceDatacenterConfig> e : resource.datacenters().entrySet()) {
      String dcName = e.getKey();
      List<Object> at = append(append(path, "datacenters"), dcName);
      Integer dc = datacenterIndex.get(dcName);
      if (dc == null) {
        throw positions.error(at, unknownDatacenter(dcName));
      }
      ResourceDatacenterConfig entry = e.getValue();
      if (entry == null) {
        throw positions.error(at, "records: at least one record is required");
      }
      List<HealthCheck> dcChecks = datacenters.get(dc).checks();
      int[] governing;
      if (entry.check() == null) {
        governing = dcChecks.stream().mapToInt(HealthCheck::id).toArray();
      } else {
        HealthCheck check =
            dcChecks.stream().filter(c -> c.name().equals(entry.check())).findFirst().orElse(null);
        if (check == null) {
          List<String> known = dcChecks.stream().map(HealthCheck::name).toList();
          throw positions.error(
              append(at, "check"),
              "data center '"
                  + dcName
                  + "' has no check named '"
                  + entry.check()
                  + "'"
                  + (known.isEmpty()
                      ? " (it has no checks)"
                      : " (it has: " + String.join(", ", known) + ")"));
        }
        governing = new int[] {check.id()};
      }
      Map<Integer, List<WireRecord>> records = new LinkedHashMap<>();
      Map<Integer, List<Integer>> weights = new HashMap<>();
      for (int i = 0; i < entry.records().size(); i++) {
        RecordConfig rc = entry.records().get(i);
        WireRecord wire;
        try {
          wire = WireRecord.of(rc.toRecord(name, resource.ttl()));
        } catch (IllegalArgumentException ex) {
          throw positions.error(append(append(at, "records"), i), ex.getMessage());
        }
        records.computeIfAbsent(rc.typeCode(), t -> new ArrayList<>()).add(wire);
        weights.computeIfAbsent(rc.typeCode(), t -> new ArrayList<>()).add(rc.weight());
        if (!types.contains(rc.typeCode())) {
          types.add(rc.typeCode());
        }
      }
      int pick = entry.pick() == null ? Integer.MAX_VALUE : entry.pick();
      List<WireRecord> cnames = records.getOrDefault(Type.CNAME, List.of());
      if (cnames.size() > 1 && pick != 1) {
        throw positions.error(
            at, "a name has one CNAME: give 'pick: 1' to choose among " + cnames.size());
      }
      parsed.add(
          new Parsed(
              dc, dcName, Arrays.stream(governing).boxed().toList(), pick, records, weights));
    }
    if (types.contains(Type.CNAME) && types.size() > 1) {
      throw positions.error(
          path, "a CNAME cannot share its name with other types (RFC 1034 section 3.6.2)");
    }
    for (int type : types) {
      List<GeoResource.Entry> entries = new ArrayList<>();
      for (Parsed p : parsed) {
        entries.add(
            new GeoResource.Entry(
                p.dc(),
                p.dcName(),
                p.governing().stream().mapToInt(Integer::intValue).toArray(),
                p.pick(),
                p.records().getOrDefault(type, List.of()),
                p.weights().getOrDefault(type, List.of())));
      }
      byType.put(type, entries);
    }
    List<GeoResource> out = new ArrayList<>();
    for (Map.Entry<Integer, List<GeoResource.Entry>> e : byType.entrySet()) {
      out.add(new GeoResource(name, e.getKey(), map, health, e.getValue()));
    }
    return out;
  }
}
