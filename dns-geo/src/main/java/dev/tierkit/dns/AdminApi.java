package dev.tierkit.dns;

import dev.tierkit.common.admin.AdminRequest;
import dev.tierkit.common.admin.AdminResponse;
import dev.tierkit.common.admin.AdminRoutes;
import dev.tierkit.dns.geo.CompiledGeo;
import dev.tierkit.dns.geo.HealthCheck;
import dev.tierkit.dns.geo.HealthState;
import dev.tierkit.dns.zone.Zone;
import java.util.Locale;

/**
 * dns-geo's admin routes, beside the common {@code /metrics}, {@code /healthz}, {@code /readyz} and
 * {@code POST /reload}:
 *
 * <ul>
 *   <li>{@code GET /zones}: every zone served, with its SOA serial and record count (JSON).
 *   <li>{@code GET /datacenters}: every data center with its override, whether answers may use it
 *       now, and each health check's state (JSON).
 *   <li>{@code POST /datacenters/force?name=DC&state=up|down|auto}: override a data center's health
 *       ({@code auto} gives it back to the checks). 404 for an unknown data center, 400 for a bad
 *       state. The override survives reloads while the data center exists.
 * </ul>
 */
final class AdminApi {
  private AdminApi() {}

  static void register(AdminRoutes routes, DnsServer server) {
    routes.get("/zones", request -> zones(server.snapshot()));
    routes.get("/datacenters", request -> datacenters(server.snapshot()));
    routes.post("/datacenters/force", request -> force(server.snapshot(), request));
  }

  private static AdminResponse zones(Snapshot snapshot) {
    StringBuilder json = new StringBuilder("{\"zones\":[");
    boolean first = true;
    for (Zone zone : snapshot.zones().zones()) {
      json.append(first ? "" : ",");
      first = false;
      byte[] soa = zone.soa().rdata();
      // SERIAL is the first of the five 32-bit fields that end an SOA's RDATA (RFC 1035 3.3.13).
      long serial = java.nio.ByteBuffer.wrap(soa, soa.length - 20, 4).getInt() & 0xFFFFFFFFL;
      json.append("{\"origin\":")
          .append(quote(zone.origin().toString()))
          .append(",\"serial\":")
          .append(serial)
          .append(",\"records\":")
          .append(zone.recordCount())
          .append(",\"source\":")
          .append(quote(zone.source()))
          .append('}');
    }
    json.append("],\"loadedAtMillis\":").append(snapshot.loadedAtMillis()).append('}');
    return AdminResponse.json(200, json.toString());
  }

  private static AdminResponse datacenters(Snapshot snapshot) {
    CompiledGeo geo = snapshot.geo();
    if (geo == null) {
      return AdminResponse.json(200, "{\"datacenters\":[]}");
    }
    HealthState health = geo.health();
    StringBuilder json = new StringBuilder("{\"datacenters\":[");
    boolean first = true;
    for (CompiledGeo.Datacenter dc : geo.datacenters()) {
      json.append(first ? "" : ",");
      first = false;
      int[] all = dc.checks().stream().mapToInt(HealthCheck::id).toArray();
      json.append("{\"name\":")
          .append(quote(dc.name()))
          .append(",\"usable\":")
          .append(health.usable(dc.index(), all))
          .append(",\"forced\":")
          .append(quote(forcedName(health.forced(dc.index()))))
          .append(",\"checks\":[");
      for (int i = 0; i < dc.checks().size(); i++) {
        HealthCheck check = dc.checks().get(i);
        json.append(i == 0 ? "" : ",")
            .append("{\"name\":")
            .append(quote(check.name()))
            .append(",\"kind\":")
            .append(quote(check.kind().name().toLowerCase(Locale.ROOT)))
            .append(",\"target\":")
            .append(quote(check.target()))
            .append(",\"up\":")
            .append(health.isUp(check.id()))
            .append('}');
      }
      json.append("]}");
    }
    json.append("]}");
    return AdminResponse.json(200, json.toString());
  }

  private static AdminResponse force(Snapshot snapshot, AdminRequest request) {
    String name = request.param("name").orElse("");
    String state = request.param("state").orElse("");
    HealthState.Force force =
        switch (state) {
          case "up" -> HealthState.Force.FORCE_UP;
          case "down" -> HealthState.Force.FORCE_DOWN;
          case "auto" -> HealthState.Force.NONE;
          default -> null;
        };
    if (force == null) {
      return AdminResponse.text(400, "state must be up, down or auto, got '" + state + "'");
    }
    CompiledGeo geo = snapshot.geo();
    if (geo == null || !geo.health().datacenters().contains(name)) {
      return AdminResponse.text(404, "no data center named '" + name + "'");
    }
    geo.health().force(name, force);
    return AdminResponse.ok("data center " + name + " is now " + state);
  }

  private static String forcedName(HealthState.Force force) {
    return switch (force) {
      case FORCE_UP -> "up";
      case FORCE_DOWN -> "down";
      case NONE -> "auto";
    };
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
