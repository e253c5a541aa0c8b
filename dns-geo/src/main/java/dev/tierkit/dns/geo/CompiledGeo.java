package dev.tierkit.dns.geo;

import dev.tierkit.common.config.YamlConfigLoader;
import dev.tierkit.dns.zone.DynamicRRset;
import java.nio.file.Path;
import java.util.List;

/**
 * A geo configuration compiled for answering: the data centers, the network map, one {@link
 * DynamicRRset} per resource name and type, the health checks and the {@link HealthState} they
 * write. Immutable apart from that health state; a reload compiles a new one, lets its health
 * {@link HealthState#adopt adopt} the old one's, and swaps it in.
 */
public final class CompiledGeo {
  private final List<Datacenter> datacenters;
  private final NetworkMap networkMap;
  private final List<DynamicRRset> rrsets;
  private final List<HealthCheck> checks;
  private final HealthState health;

  CompiledGeo(
      List<Datacenter> datacenters,
      NetworkMap networkMap,
      List<DynamicRRset> rrsets,
      List<HealthCheck> checks,
      HealthState health) {
    this.datacenters = List.copyOf(datacenters);
    this.networkMap = networkMap;
    this.rrsets = List.copyOf(rrsets);
    this.checks = List.copyOf(checks);
    this.health = health;
  }

  /**
   * Loads and compiles a geo YAML file; relative paths in it (the MaxMind file) are relative to its
   * directory.
   *
   * @throws dev.tierkit.common.config.ConfigException one line naming the file, line and field
   */
  public static CompiledGeo load(Path file) {
    GeoConfig config = new YamlConfigLoader().load(file, GeoConfig.class);
    Path dir = file.toAbsolutePath().getParent();
    return new GeoCompiler(config, dir, ConfigPositions.of(file)).compile();
  }

  /**
   * Compiles a configuration built in code; relative paths resolve against {@code configDir}.
   *
   * @throws dev.tierkit.common.config.ConfigException one line naming {@code configDir} and the
   *     field
   */
  public static CompiledGeo compile(GeoConfig config, Path configDir) {
    return new GeoCompiler(config, configDir, ConfigPositions.none(configDir.toString())).compile();
  }

  /** The data centers in the order the file lists them. */
  public List<Datacenter> datacenters() {
    return datacenters;
  }

  /** Client network to ordered data-center names, with scope. */
  public NetworkMap networkMap() {
    return networkMap;
  }

  /** One {@link GeoResource} per resource name and record type. */
  public List<DynamicRRset> rrsets() {
    return rrsets;
  }

  /** Every check of every data center, indexed by {@link HealthCheck#id()}. */
  public List<HealthCheck> checks() {
    return checks;
  }

  /** The live health of this snapshot's checks and data centers. */
  public HealthState health() {
    return health;
  }

  /**
   * One data center.
   *
   * @param latitude null when the data center has no coordinates
   */
  public record Datacenter(
      int index, String name, Double latitude, Double longitude, List<HealthCheck> checks) {
    public Datacenter {
      checks = List.copyOf(checks);
    }
  }
}
