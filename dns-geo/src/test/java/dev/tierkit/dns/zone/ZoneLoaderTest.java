package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.TestZones.load;
import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ZoneLoaderTest {
  private static List<WireRecord> at(Zone zone, String owner, int type) {
    List<WireRecord> all = zone.records(name(owner));
    return all.stream().filter(r -> r.type() == type).toList();
  }

  @Test
  void loadsEveryCommonRecordType() {
    Zone zone = load("example.com.zone", "example.com");
    assertThat(zone.origin()).isEqualTo(name("example.com"));
    for (int type : new int[] {Type.SOA, Type.NS, Type.MX, Type.TXT, Type.CAA}) {
      assertThat(at(zone, "example.com", type)).as(Type.string(type)).isNotEmpty();
    }
    assertThat(at(zone, "ns1.example.com", Type.A)).hasSize(1);
    assertThat(at(zone, "ns1.example.com", Type.AAAA)).hasSize(1);
    assertThat(at(zone, "alias.example.com", Type.CNAME)).hasSize(1);
    assertThat(at(zone, "_sip._udp.example.com", Type.SRV)).hasSize(1);
    assertThat(at(zone, "80.2.0.192.in-addr.arpa.example.com", Type.PTR)).hasSize(1);
  }

  @Test
  void relativeNamesTakeTheOriginAndAbsoluteNamesStay() {
    Zone zone = load("example.com.zone");
    assertThat(at(zone, "alias.example.com", Type.CNAME).get(0).target())
        .isEqualTo(name("www.example.com"));
    assertThat(at(zone, "ftp.example.com", Type.CNAME).get(0).target())
        .isEqualTo(name("www.example.com"));
    assertThat(at(zone, "example.com", Type.MX))
        .extracting(WireRecord::target)
        .containsExactly(name("mail.example.com"), name("mail.example.net"));
  }

  @Test
  void parenthesesLetTheSoaSpanLines() {
    Zone zone = load("example.com.zone");
    byte[] rdata = zone.soa().rdata();
    // ...serial refresh retry expire minimum: the last 20 bytes.
    java.nio.ByteBuffer tail = java.nio.ByteBuffer.wrap(rdata, rdata.length - 20, 20);
    assertThat(tail.getInt()).isEqualTo(2026120101);
    assertThat(tail.getInt()).isEqualTo(7200);
    assertThat(tail.getInt()).isEqualTo(900);
    assertThat(tail.getInt()).isEqualTo(1209600);
    assertThat(tail.getInt()).isEqualTo(300);
  }

  @Test
  void negativeTtlIsTheSmallerOfSoaTtlAndMinimum() {
    assertThat(load("example.com.zone").negativeTtl()).isEqualTo(300);
    assertThat(load("no-origin.zone").negativeTtl()).isEqualTo(600);
  }

  @Test
  void includedFileJoinsTheZoneAndItsOriginChangeStaysThere() {
    Zone zone = load("example.com.zone");
    assertThat(at(zone, "host1.example.com", Type.A)).hasSize(1);
    assertThat(at(zone, "bench.lab.example.com", Type.A)).hasSize(1);
    assertThat(at(zone, "after.example.com", Type.A))
        .as("origin restored after $INCLUDE")
        .hasSize(1);
  }

  @Test
  void escapesInNamesAndTextsAreDecoded() throws Exception {
    Zone zone = load("example.com.zone");
    Name dotted = Name.fromString("dot\\.ted.example.com.");
    assertThat(dotted.labels()).isEqualTo(4);
    assertThat(at(zone, dotted.toString(), Type.A)).hasSize(1);
    byte[] txt = at(zone, "quote.example.com", Type.TXT).get(0).rdata();
    assertThat(new String(txt, StandardCharsets.ISO_8859_1))
        .isEqualTo("\bsay \"hi\"\u0003ABC\nsemi;colon");
  }

  @Test
  void unknownTypeInRfc3597FormKeepsItsRdata() {
    Zone zone = load("example.com.zone");
    assertThat(at(zone, "private.example.com", 65280).get(0).rdata())
        .containsExactly(0x0a, 0, 0, 1);
    assertThat(at(zone, "empty.example.com", 65281).get(0).rdata()).isEmpty();
  }

  @Test
  void ttlsComeFromDirectiveRecordOrCallersDefault() {
    Zone zone = load("example.com.zone");
    assertThat(at(zone, "www.example.com", Type.A).get(0).ttl()).isEqualTo(300);
    assertThat(at(zone, "www.example.com", Type.AAAA).get(0).ttl()).isEqualTo(3600);
    Zone noTtl = ZoneLoader.load(TestZones.path("no-ttl.zone"), name("example.net"), 1234);
    assertThat(at(noTtl, "ns.example.net", Type.A).get(0).ttl()).isEqualTo(1234);
  }

  @Test
  void originComesFromTheSoaWhenNoneIsGiven() {
    Zone zone = load("no-origin.zone");
    assertThat(zone.origin()).isEqualTo(name("example.org"));
    assertThat(zone.recordCount()).isEqualTo(3);
    assertThat(zone.nameCount()).isEqualTo(2);
  }

  @Test
  void ownerCaseIsKept() throws Exception {
    Zone zone = load("no-origin.zone");
    WireRecord soa = zone.soa();
    assertThat(new Name(soa.ownerWire()).toString()).isEqualTo("example.org.");
  }

  private static void assertBroken(String file, String origin, String expected) {
    assertThatThrownBy(
            () ->
                ZoneLoader.load(
                    TestZones.path("broken/" + file), origin == null ? null : name(origin), -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(expected)
        .hasMessageContaining("broken/" + file);
  }

  @Test
  void syntaxErrorNamesFileAndLine() {
    assertBroken("syntax.zone", null, "syntax.zone:6: Invalid address: 300.0.0.1");
  }

  @Test
  void unbalancedParenthesisNamesFileAndLine() {
    assertThatThrownBy(() -> ZoneLoader.load(TestZones.path("broken/unbalanced.zone"), null, -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageMatching(".*broken/unbalanced\\.zone:\\d+: .*");
  }

  @Test
  void errorInIncludedFileNamesThatFileAndLine() {
    assertThatThrownBy(() -> ZoneLoader.load(TestZones.path("broken/include-error.zone"), null, -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("included-syntax.inc:3: ");
  }

  @Test
  void zoneWithoutSoaIsRefused() {
    assertBroken("no-soa.zone", "bad.test", "no-soa.zone: no SOA record");
  }

  @Test
  void secondSoaIsRefusedNamingIt() {
    assertBroken(
        "two-soa.zone",
        null,
        "two-soa.zone: sub.bad.test.: second SOA record (the first is at bad.test.)");
  }

  @Test
  void soaAwayFromTheGivenOriginIsRefused() {
    assertThatThrownBy(() -> load("no-origin.zone", "org"))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("no-origin.zone: example.org.: SOA is not at the origin org.");
  }

  @Test
  void apexWithoutNsIsRefused() {
    assertBroken("no-ns.zone", null, "no-ns.zone: bad.test.: no NS record at the origin");
  }

  @Test
  void ownerOutsideTheOriginIsRefusedNamingIt() {
    assertBroken("outside.zone", null, "outside.zone: www.other.test.: outside the zone bad.test.");
    assertBroken(
        "outside.zone", "bad.test", "outside.zone: www.other.test.: outside the zone bad.test.");
  }

  @Test
  void cnameBesideOtherDataIsRefused() {
    assertBroken(
        "cname-and-data.zone",
        null,
        "cname-and-data.zone: www.bad.test.: CNAME and other data (RFC 2181 section 10.1)");
    assertBroken(
        "two-cnames.zone", null, "two-cnames.zone: www.bad.test.: more than one CNAME record");
  }

  @Test
  void classOtherThanInIsRefused() {
    assertBroken("chaos.zone", null, "chaos.zone: ns.bad.test.: class CH (only IN is served)");
  }

  @Test
  void relativeNameWithoutOriginIsRefused() {
    assertThatThrownBy(() -> ZoneLoader.load(TestZones.path("broken/relative.zone"), null, -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("relative.zone: ")
        .hasMessageContaining("$ORIGIN");
  }

  @Test
  void missingFileIsAConfigError() {
    assertThatThrownBy(
            () -> ZoneLoader.load(TestZones.path("broken").resolve("nope.zone"), null, -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.zone: cannot read");
  }
}
