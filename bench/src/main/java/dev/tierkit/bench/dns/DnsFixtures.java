package dev.tierkit.bench.dns;

import dev.tierkit.dns.geo.CompiledGeo;
import dev.tierkit.dns.zone.Zone;
import dev.tierkit.dns.zone.ZoneLoader;
import dev.tierkit.dns.zone.ZoneSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** One zone with static, wildcard and geo names, and its geo file, written to a temp dir. */
final class DnsFixtures {
  static final String ZONE =
      """
      $ORIGIN bench.test.
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        IN NS ns1
        IN NS ns2
        IN MX 10 mail
      ns1 IN A 192.0.2.53
      ns2 IN A 192.0.2.54
      mail IN A 192.0.2.25
      static IN A 192.0.2.80
      static IN AAAA 2001:db8::80
      *.wild IN A 192.0.2.99
      """;

  static final String GEO =
      """
      datacenters:
        us-east: {}
        eu-west: {}
        ap-south: {}
      maps:
        networks:
          10.1.0.0/16: [us-east, eu-west]
          10.2.0.0/16: [eu-west, us-east]
          10.3.0.0/16: [ap-south, eu-west]
          10.2.5.0/24: [us-east, eu-west]
          2001:db8:1::/48: [us-east, eu-west]
          2001:db8:2::/48: [eu-west, us-east]
        default: [us-east, eu-west]
      resources:
        www.bench.test.:
          ttl: 30
          datacenters:
            us-east: { records: [ { type: A, data: 127.1.0.1 } ] }
            eu-west: { records: [ { type: A, data: 127.2.0.1 } ] }
            ap-south: { records: [ { type: A, data: 127.3.0.1 } ] }
        weighted.bench.test.:
          ttl: 30
          datacenters:
            us-east:
              pick: 1
              records:
                - { type: A, data: 127.1.0.10, weight: 3 }
                - { type: A, data: 127.1.0.11, weight: 1 }
                - { type: A, data: 127.1.0.12, weight: 1 }
            eu-west: { records: [ { type: A, data: 127.2.0.10 } ] }
      """;

  private DnsFixtures() {}

  /** The compiled zone set with the geo resources merged in. */
  static ZoneSet zoneSet() {
    try {
      Path dir = Files.createTempDirectory("dns-bench");
      Path zone = Files.writeString(dir.resolve("bench.test.zone"), ZONE);
      Path geo = Files.writeString(dir.resolve("geo.yaml"), GEO);
      CompiledGeo compiled = CompiledGeo.load(geo);
      Zone loaded = ZoneLoader.load(zone, null, 3600);
      return ZoneSet.of(List.of(loaded), compiled.rrsets());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A query's wire form; {@code ecs} like {@code 10.2.3.0/24}, or null for none. */
  static byte[] query(String name, int type, String ecs) {
    try {
      Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
      if (ecs != null) {
        String[] parts = ecs.split("/");
        m.addRecord(
            new OPTRecord(
                1232,
                0,
                0,
                0,
                List.of(
                    new ClientSubnetOption(
                        Integer.parseInt(parts[1]), InetAddress.getByName(parts[0])))),
            Section.ADDITIONAL);
      } else {
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
      }
      return m.toWire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
