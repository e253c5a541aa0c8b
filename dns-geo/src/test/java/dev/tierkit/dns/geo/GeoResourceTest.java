package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.dns.geo.HealthState.Force;
import dev.tierkit.dns.zone.Client;
import dev.tierkit.dns.zone.DynamicRRset;
import dev.tierkit.dns.zone.Selection;
import dev.tierkit.dns.zone.WireRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

class GeoResourceTest {
  private static final String YAML =
      """
      datacenters:
        us-east:
          checks:
            - { name: lb, tcp: "127.1.0.1:8080" }
            - { name: edge, tcp: "127.1.0.2:8080" }
        eu-west:
          checks: [ { name: lb, tcp: "127.2.0.1:8080" } ]
        ap-east: {}
      maps:
        networks:
          10.1.0.0/16: [us-east, eu-west]
          10.2.0.0/16: [eu-west, us-east]
          10.3.0.0/16: [ap-east]
          10.4.0.0/16: [us-east]
          2001:db8:2::/48: [eu-west, us-east]
          "::ffff:10.9.0.0/112": [eu-west, us-east]
        default: [us-east, eu-west]
      resources:
        www.example.com:
          ttl: 60
          datacenters:
            us-east:
              records:
                - { type: A, data: 127.1.0.1 }
                - { type: A, data: 127.1.0.11 }
                - { type: AAAA, data: "2001:db8:1::1" }
            eu-west:
              records: [ { type: A, data: 127.2.0.1 } ]
        lb.example.com:
          datacenters:
            us-east:
              check: lb
              records: [ { type: A, data: 127.1.0.1 } ]
            eu-west:
              records: [ { type: A, data: 127.2.0.1 } ]
        weighted.example.com:
          datacenters:
            us-east:
              pick: 1
              records:
                - { type: A, data: 127.1.0.1, weight: 3 }
                - { type: A, data: 127.1.0.2 }
        two.example.com:
          datacenters:
            us-east:
              pick: 2
              records:
                - { type: A, data: 127.1.0.1, weight: 5 }
                - { type: A, data: 127.1.0.2, weight: 1 }
                - { type: A, data: 127.1.0.3, weight: 1 }
      """;

  @TempDir Path dir;
  private CompiledGeo geo;

  @BeforeEach
  void load() throws IOException {
    Path file = dir.resolve("geo.yaml");
    Files.writeString(file, YAML);
    geo = CompiledGeo.load(file);
  }

  private DynamicRRset rrset(String name, int type) {
    return geo.rrsets().stream()
        .filter(r -> r.name().toString().equals(name) && r.type() == type)
        .findFirst()
        .orElseThrow();
  }

  private static Client client(String address) throws IOException {
    return Client.of(InetAddress.getByName(address));
  }

  private static Client ecs(String address, int prefix) throws IOException {
    return new Client(InetAddress.getByName(address), prefix, true);
  }

  private static List<String> addresses(Selection selection) {
    return selection.records().stream().map(GeoResourceTest::text).toList();
  }

  private static String text(WireRecord r) {
    try {
      return InetAddress.getByAddress(r.rdata()).getHostAddress();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private int check(String dc, String name) {
    return geo.checks().stream()
        .filter(c -> c.datacenterName().equals(dc) && c.name().equals(name))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Test
  void firstDataCenterOfTheClientsListAnswersWithTheMapsScope() throws IOException {
    Selection s = rrset("www.example.com.", Type.A).select(ecs("10.1.2.0", 24));
    assertThat(addresses(s)).containsExactly("127.1.0.1", "127.1.0.11");
    // 10.1.0.0/16 gives the default, as its sibling 10.0.0.0/16 does: one /15 region.
    assertThat(s.scopePrefix()).isEqualTo(15);
    assertThat(s.records()).allSatisfy(r -> assertThat(r.ttl()).isEqualTo(60));
    Selection eu = rrset("www.example.com.", Type.A).select(ecs("10.2.9.0", 24));
    assertThat(addresses(eu)).containsExactly("127.2.0.1");
    assertThat(eu.scopePrefix()).isEqualTo(16);
  }

  @Test
  void ipv6ClientIsMappedLikeAnyOther() throws IOException {
    Selection s = rrset("www.example.com.", Type.A).select(ecs("2001:db8:2::", 56));
    assertThat(addresses(s)).containsExactly("127.2.0.1");
    assertThat(s.scopePrefix()).isEqualTo(48);
  }

  @Test
  void ipv4NetworkWrittenAsMappedIpv6AppliesToIpv4Clients() throws IOException {
    Selection s = rrset("www.example.com.", Type.A).select(ecs("10.9.1.0", 24));
    assertThat(addresses(s)).containsExactly("127.2.0.1");
    assertThat(s.scopePrefix()).isEqualTo(16);
  }

  @Test
  void answersFailOverToTheNextDataCenterWhenTheFirstIsDown() throws IOException {
    geo.health().setUp(check("us-east", "edge"), false);
    assertThat(addresses(rrset("www.example.com.", Type.A).select(client("10.1.2.3"))))
        .containsExactly("127.2.0.1");
    geo.health().setUp(check("us-east", "edge"), true);
    assertThat(addresses(rrset("www.example.com.", Type.A).select(client("10.1.2.3"))))
        .containsExactly("127.1.0.1", "127.1.0.11");
  }

  @Test
  void whenEveryDataCenterIsDownTheFirstStillAnswers() throws IOException {
    geo.health().setUp(check("us-east", "lb"), false);
    geo.health().setUp(check("eu-west", "lb"), false);
    assertThat(addresses(rrset("www.example.com.", Type.A).select(client("10.2.2.3"))))
        .containsExactly("127.2.0.1");
  }

  @Test
  void entryGovernedByOneCheckIgnoresTheOthers() throws IOException {
    geo.health().setUp(check("us-east", "edge"), false);
    assertThat(addresses(rrset("lb.example.com.", Type.A).select(client("10.1.2.3"))))
        .containsExactly("127.1.0.1");
    geo.health().setUp(check("us-east", "lb"), false);
    assertThat(addresses(rrset("lb.example.com.", Type.A).select(client("10.1.2.3"))))
        .containsExactly("127.2.0.1");
  }

  @Test
  void forcedDownBeatsPassingChecksAndForcedUpBeatsFailingOnes() throws IOException {
    DynamicRRset www = rrset("www.example.com.", Type.A);
    geo.health().force("us-east", Force.FORCE_DOWN);
    assertThat(addresses(www.select(client("10.1.2.3")))).containsExactly("127.2.0.1");
    geo.health().force("us-east", Force.FORCE_UP);
    geo.health().setUp(check("us-east", "lb"), false);
    assertThat(addresses(www.select(client("10.1.2.3"))))
        .containsExactly("127.1.0.1", "127.1.0.11");
    geo.health().force("us-east", Force.NONE);
    assertThat(addresses(www.select(client("10.1.2.3")))).containsExactly("127.2.0.1");
  }

  @Test
  void dataCenterOutsideTheClientsListIsNeverUsed() throws IOException {
    geo.health().force("us-east", Force.FORCE_DOWN);
    // 10.4.0.0/16 names only us-east: eu-west, up, is not the client's.
    assertThat(addresses(rrset("www.example.com.", Type.A).select(client("10.4.2.3"))))
        .containsExactly("127.1.0.1", "127.1.0.11");
  }

  @Test
  void listNamingNoneOfTheResourcesDataCentersFallsBackToTheResourcesFirst() throws IOException {
    assertThat(addresses(rrset("www.example.com.", Type.A).select(client("10.3.2.3"))))
        .containsExactly("127.1.0.1", "127.1.0.11");
  }

  @Test
  void typeTheWinningDataCenterLacksIsNoData() throws IOException {
    DynamicRRset aaaa = rrset("www.example.com.", Type.AAAA);
    assertThat(aaaa.select(client("10.2.2.3")).records()).isEmpty();
    assertThat(aaaa.select(client("10.1.2.3")).records()).hasSize(1);
  }

  @Test
  void selectionWithoutPickIsReusedNotRebuilt() throws IOException {
    DynamicRRset www = rrset("www.example.com.", Type.A);
    assertThat(www.select(client("10.1.2.3"))).isSameAs(www.select(client("10.1.200.3")));
  }

  @Test
  void pickDrawsRecordsInProportionToTheirWeight() throws IOException {
    DynamicRRset weighted = rrset("weighted.example.com.", Type.A);
    Client c = client("10.1.2.3");
    Map<String, Integer> counts = new HashMap<>();
    int draws = 20_000;
    for (int i = 0; i < draws; i++) {
      List<String> picked = addresses(weighted.select(c));
      assertThat(picked).hasSize(1);
      counts.merge(picked.get(0), 1, Integer::sum);
    }
    // weight 3 : 1 -> 75 %; the bounds are many standard deviations (0.3 %) wide.
    assertThat(counts.get("127.1.0.1") / (double) draws).isBetween(0.72, 0.78);
  }

  @Test
  void pickOfSeveralGivesDistinctRecordsFavouringTheHeavy() throws IOException {
    DynamicRRset two = rrset("two.example.com.", Type.A);
    Client c = client("10.1.2.3");
    int withHeavy = 0;
    int draws = 10_000;
    for (int i = 0; i < draws; i++) {
      List<String> picked = addresses(two.select(c));
      assertThat(picked).hasSize(2).doesNotHaveDuplicates();
      if (picked.contains("127.1.0.1")) {
        withHeavy++;
      }
    }
    // P(heavy among two) = 5/7 + 2 * (1/7) * (5/6) = 0.952
    assertThat(withHeavy / (double) draws).isBetween(0.93, 0.97);
  }
}
