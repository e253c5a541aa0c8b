package dev.tierkit.dns.geo;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.tierkit.common.cli.DurationConverter;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The geo configuration file as written: data centers with their health checks, health defaults,
 * the maps from client networks to ordered data centers, and the geo resources. Bound from YAML by
 * {@link dev.tierkit.common.config.YamlConfigLoader}; each record checks what it can see on its own
 * (messages name the field) and {@link GeoCompiler} checks the references between them.
 *
 * <p>Defaults, written down once: health {@code interval 500ms}, {@code timeout 400ms}, {@code rise
 * 2}, {@code fall 2}; resource {@code ttl 30}; record {@code weight 1}; {@code pick} all records;
 * {@code maps.default} every data center in the order written.
 */
public record GeoConfig(
    Map<String, DatacenterConfig> datacenters,
    HealthConfig health,
    MapsConfig maps,
    Map<String, ResourceConfig> resources) {
  public GeoConfig {
    if (datacenters == null || datacenters.isEmpty()) {
      throw new IllegalArgumentException("datacenters: at least one data center is required");
    }
    datacenters = ordered(datacenters);
    health = health == null ? new HealthConfig(null, null, null, null) : health;
    maps = maps == null ? new MapsConfig(null, null, null) : maps;
    resources = resources == null ? Map.of() : ordered(resources);
  }

  /** Map.copyOf forgets the order; here the order written is meaningful (defaults, fallbacks). */
  static <V> Map<String, V> ordered(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  static void requireName(String field, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + ": '" + value + "' is not a name (letters, digits, '_', '.', '-'; at most 63)");
    }
  }

  static Duration duration(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      Duration d = DurationConverter.parse(value);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(field + ": must be positive, got '" + value + "'");
      }
      return d;
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  static void requireThreshold(String field, Integer value) {
    if (value != null && (value < 1 || value > 100)) {
      throw new IllegalArgumentException(field + ": must be between 1 and 100, got " + value);
    }
  }

  /**
   * One data center: optional coordinates (for {@code maps.maxmind.nearest}) and optional checks; a
   * data center without checks is always up.
   */
  public record DatacenterConfig(Double latitude, Double longitude, List<CheckConfig> checks) {
    public DatacenterConfig {
      if ((latitude == null) != (longitude == null)) {
        throw new IllegalArgumentException("latitude and longitude go together: give both or none");
      }
      if (latitude != null && (latitude < -90 || latitude > 90)) {
        throw new IllegalArgumentException("latitude: must be within -90..90, got " + latitude);
      }
      if (longitude != null && (longitude < -180 || longitude > 180)) {
        throw new IllegalArgumentException("longitude: must be within -180..180, got " + longitude);
      }
      checks = checks == null ? List.of() : List.copyOf(checks);
      Set<String> names = new HashSet<>();
      for (CheckConfig check : checks) {
        if (!names.add(check.name())) {
          throw new IllegalArgumentException("checks: two checks named '" + check.name() + "'");
        }
      }
    }

    boolean hasLocation() {
      return latitude != null;
    }
  }

  /**
   * One health check: {@code tcp: HOST:PORT} (connect) or {@code http: http://HOST[:PORT]/PATH}
   * (GET expecting 2xx), with optional overrides of the {@code health} defaults.
   */
  public record CheckConfig(
      String name,
      String tcp,
      String http,
      String interval,
      String timeout,
      Integer rise,
      Integer fall) {
    public CheckConfig {
      requireName("name", name);
      if ((tcp == null) == (http == null)) {
        throw new IllegalArgumentException(
            "check '" + name + "': give exactly one of 'tcp' or 'http'");
      }
      if (tcp != null) {
        HostPort.parse("tcp", tcp);
      } else {
        httpTarget(http);
      }
      duration("interval", interval);
      duration("timeout", timeout);
      requireThreshold("rise", rise);
      requireThreshold("fall", fall);
    }

    static URI httpTarget(String http) {
      URI uri;
      try {
        uri = new URI(http);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "http: '" + http + "' is not a URL: " + e.getReason(), e);
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "http: '" + http + "' must be an http://HOST[:PORT]/PATH URL (https is not supported)");
      }
      if (uri.getPort() > 65535) {
        throw new IllegalArgumentException("http: port out of range in '" + http + "'");
      }
      return uri;
    }
  }

  /** Defaults for every check: detection plus switch-over stays under 2 s with these. */
  public record HealthConfig(String interval, String timeout, Integer rise, Integer fall) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(400);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 2;

    public HealthConfig {
      duration("interval", interval);
      duration("timeout", timeout);
      requireThreshold("rise", rise);
      requireThreshold("fall", fall);
    }
  }

  /**
   * Client network to ordered data centers: explicit CIDRs first, then the MaxMind database, then
   * {@code default}.
   */
  public record MapsConfig(
      Map<String, List<String>> networks,
      MaxmindConfig maxmind,
      @JsonProperty("default") List<String> defaultOrder) {
    public MapsConfig {
      networks = ordered(networks);
      defaultOrder = defaultOrder == null ? null : List.copyOf(defaultOrder);
    }
  }

  /**
   * A MaxMind City (or Country) database and the data-center lists for its subdivisions ({@code
   * US-CA}), countries ({@code IE}) and continents ({@code EU}); {@code nearest} orders the data
   * centers with coordinates by distance from the network's location when none of those match. A
   * record's subdivisions are tried from the most specific to the largest (MaxMind lists them
   * largest first), each as {@code COUNTRY-SUBDIVISION}.
   */
  public record MaxmindConfig(
      String file,
      Map<String, List<String>> subdivisions,
      Map<String, List<String>> countries,
      Map<String, List<String>> continents,
      Boolean nearest) {
    public MaxmindConfig {
      if (file == null || file.isBlank()) {
        throw new IllegalArgumentException("file: the MaxMind database file is required");
      }
      subdivisions = ordered(subdivisions);
      countries = ordered(countries);
      continents = ordered(continents);
      nearest = nearest != null && nearest;
    }
  }

  /** A geo resource: per data center records, answered with {@code ttl} (default 30). */
  public record ResourceConfig(Long ttl, Map<String, ResourceDatacenterConfig> datacenters) {
    public static final long DEFAULT_TTL = 30;

    public ResourceConfig {
      ttl = ttl == null ? DEFAULT_TTL : ttl;
      if (ttl < 0 || ttl > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("ttl: must be between 0 and 2147483647, got " + ttl);
      }
      if (datacenters == null || datacenters.isEmpty()) {
        throw new IllegalArgumentException("datacenters: at least one data center is required");
      }
      datacenters = ordered(datacenters);
    }
  }

  /**
   * The records one data center answers a resource with; {@code check} names the data center's
   * check that governs it (default: all of them), {@code pick} how many records of each type to
   * answer with (default: all).
   */
  public record ResourceDatacenterConfig(String check, Integer pick, List<RecordConfig> records) {
    public ResourceDatacenterConfig {
      if (check != null) {
        requireName("check", check);
      }
      if (pick != null && pick < 1) {
        throw new IllegalArgumentException("pick: must be at least 1, got " + pick);
      }
      if (records == null || records.isEmpty()) {
        throw new IllegalArgumentException("records: at least one record is required");
      }
      records = List.copyOf(records);
    }
  }

  /**
   * One record: any type dnsjava reads from text, its data in master-file syntax (names in it are
   * absolute, the trailing dot optional) and a weight for {@code pick} (default 1).
   */
  public record RecordConfig(String type, String data, Integer weight) {
    public static final int MAX_WEIGHT = 1_000_000;

    public RecordConfig {
      if (type == null || Type.value(type.toUpperCase(Locale.ROOT)) < 0) {
        throw new IllegalArgumentException("type: '" + type + "' is not a DNS record type");
      }
      type = type.toUpperCase(Locale.ROOT);
      if (data == null) {
        throw new IllegalArgumentException("data: required");
      }
      weight = weight == null ? 1 : weight;
      if (weight < 1 || weight > MAX_WEIGHT) {
        throw new IllegalArgumentException(
            "weight: must be between 1 and " + MAX_WEIGHT + ", got " + weight);
      }
      // Fields are assigned only after a compact constructor ends: check through the parameters.
      parse(type, data, Name.root, 0);
    }

    int typeCode() {
      return Type.value(type);
    }

    /** The record under {@code owner}. */
    Record toRecord(Name owner, long ttl) {
      return parse(type, data, owner, ttl);
    }

    private static Record parse(String type, String data, Name owner, long ttl) {
      try {
        return Record.fromString(owner, Type.value(type), DClass.IN, ttl, data, Name.root);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "data: cannot read '" + data + "' as " + type + ": " + e.getMessage(), e);
      }
    }
  }
}
