package dev.tierkit.dns;

import java.util.List;

/**
 * The {@code --config} YAML of dns-geo. Paths are relative to the file's directory; a flag given on
 * the command line overrides the same setting here.
 *
 * <pre>
 * zones:
 *   - file: example.com.zone
 *     origin: example.com.      # optional when the file has $ORIGIN or absolute names
 * geo: geo.yaml                 # optional
 * nsid: ns1.example.com         # optional
 * maxUdpSize: 1232              # optional
 * </pre>
 */
public record DnsFileConfig(List<Zone> zones, String geo, String nsid, Integer maxUdpSize) {
  public DnsFileConfig {
    zones = zones == null ? List.of() : List.copyOf(zones);
  }

  /** One zone entry. */
  public record Zone(String file, String origin) {
    public Zone {
      if (file == null || file.isBlank()) {
        throw new IllegalArgumentException("zones[].file is required");
      }
    }
  }
}
