package dev.tierkit.dns.geo;

import java.net.URI;
import java.time.Duration;

/**
 * One compiled health check of one data center, with the {@code health} defaults applied.
 *
 * @param id index into {@link HealthState}'s check states
 * @param datacenter the data center's index in {@link CompiledGeo#datacenters()}
 * @param target {@code HOST:PORT} for TCP, the URL for HTTP; with the data center's and the check's
 *     name it identifies the check across reloads
 */
public record HealthCheck(
    int id,
    int datacenter,
    String datacenterName,
    String name,
    Kind kind,
    String target,
    Duration interval,
    Duration timeout,
    int rise,
    int fall) {
  /** What a probe does. */
  public enum Kind {
    /** Succeeds when a TCP connection is established within the timeout. */
    TCP,
    /** Succeeds when a GET is answered with a 2xx status line within the timeout. */
    HTTP
  }

  public HealthCheck {
    if (timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException(
          "timeout "
              + timeout.toMillis()
              + "ms is longer than interval "
              + interval.toMillis()
              + "ms");
    }
  }

  /** Whether {@code other} probes the same thing, so its state can be carried over a reload. */
  public boolean sameProbeAs(HealthCheck other) {
    return datacenterName.equals(other.datacenterName)
        && name.equals(other.name)
        && kind == other.kind
        && target.equals(other.target);
  }

  HostPort tcpTarget() {
    return HostPort.parse("tcp", target);
  }

  URI httpTarget() {
    return GeoConfig.CheckConfig.httpTarget(target);
  }

  /** {@code us-east/lb (tcp 127.1.0.1:8080)}, for logs. */
  public String describe() {
    return datacenterName
        + "/"
        + name
        + " ("
        + kind.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + target
        + ")";
  }
}
