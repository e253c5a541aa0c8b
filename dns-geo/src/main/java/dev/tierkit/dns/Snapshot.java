package dev.tierkit.dns;

import dev.tierkit.dns.geo.CompiledGeo;
import dev.tierkit.dns.geo.HealthChecker;
import dev.tierkit.dns.zone.Zone;
import dev.tierkit.dns.zone.ZoneLoader;
import dev.tierkit.dns.zone.ZoneSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a query is answered from, compiled once and never changed: the zones (with the geo
 * resources merged in as dynamic RRsets) and the geo data with its health checks. Health state is
 * the one thing that moves; it lives in the {@link CompiledGeo}'s {@code HealthState}, which a
 * reload's new snapshot adopts so answers do not flap.
 */
public final class Snapshot implements AutoCloseable {
  /** The TTL of records in a zone file without {@code $TTL} or an explicit TTL (Knot's default). */
  static final long DEFAULT_TTL = 3600;

  private final ZoneSet zones;
  private final CompiledGeo geo;
  private final long loadedAtMillis;
  private final int recordCount;
  private HealthChecker checker;

  private Snapshot(ZoneSet zones, CompiledGeo geo, long loadedAtMillis) {
    this.zones = zones;
    this.geo = geo;
    this.loadedAtMillis = loadedAtMillis;
    this.recordCount = zones.zones().stream().mapToInt(Zone::recordCount).sum();
  }

  /**
   * Loads every file the configuration names. Nothing is shared with {@code previous} except the
   * health state of checks that did not change.
   *
   * @throws dev.tierkit.common.config.ConfigException naming the file and line at fault
   */
  static Snapshot load(DnsConfig config, Snapshot previous) {
    CompiledGeo geo = config.geoFile() == null ? null : CompiledGeo.load(config.geoFile());
    List<Zone> zones = new ArrayList<>();
    for (ZoneSource source : config.zones()) {
      zones.add(ZoneLoader.load(source.file(), source.origin(), DEFAULT_TTL));
    }
    ZoneSet set = ZoneSet.of(zones, geo == null ? List.of() : geo.rrsets());
    if (geo != null && previous != null && previous.geo != null) {
      geo.health().adopt(previous.geo.health());
    }
    return new Snapshot(set, geo, System.currentTimeMillis());
  }

  /** Starts the health checks, if there are any. */
  synchronized void start() {
    if (geo != null && checker == null && !geo.checks().isEmpty()) {
      checker = new HealthChecker(geo).start();
    }
  }

  /** The zones queries are answered from. */
  public ZoneSet zones() {
    return zones;
  }

  /** The geo data, or null when the server runs without {@code --geo}. */
  public CompiledGeo geo() {
    return geo;
  }

  /** When this snapshot was loaded (epoch milliseconds). */
  public long loadedAtMillis() {
    return loadedAtMillis;
  }

  /** How many zones it serves. */
  public int zoneCount() {
    return zones.zones().size();
  }

  /** How many static records its zones hold. */
  public int recordCount() {
    return recordCount;
  }

  /** One line for logs: zones, records, geo names. */
  public String describe() {
    StringBuilder line = new StringBuilder();
    line.append(zoneCount()).append(zoneCount() == 1 ? " zone (" : " zones (");
    for (int i = 0; i < zones.zones().size(); i++) {
      line.append(i == 0 ? "" : ", ").append(zones.zones().get(i).origin());
    }
    line.append("), ").append(recordCount).append(" records");
    if (geo != null) {
      line.append(", ")
          .append(geo.rrsets().size())
          .append(" geo rrsets over ")
          .append(geo.datacenters().size())
          .append(" data centers, ")
          .append(geo.checks().size())
          .append(" health checks");
    }
    return line.toString();
  }

  /** Stops the health checks. */
  @Override
  public synchronized void close() {
    if (checker != null) {
      checker.close();
      checker = null;
    }
  }
}
