package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.FixedDynamicRRset.a;
import static dev.tierkit.dns.zone.FixedDynamicRRset.always;
import static dev.tierkit.dns.zone.FixedDynamicRRset.cname;
import static dev.tierkit.dns.zone.Sections.lines;
import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.config.ConfigException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

class DynamicRRsetLookupTest {
  private static final Client EUROPE = client("10.1.2.3");
  private static final Client ASIA = client("172.16.0.1");

  /** 10/8 gets one address (scope 8), everyone else another (scope 12). */
  private static FixedDynamicRRset geoA() {
    return new FixedDynamicRRset(
        name("geo.shop.test"),
        Type.A,
        c ->
            c.address().getAddress()[0] == 10
                ? new Selection(List.of(a("geo.shop.test", "192.0.2.201")), 8)
                : new Selection(List.of(a("geo.shop.test", "192.0.2.202")), 12));
  }

  private static Client client(String address) {
    try {
      return new Client(InetAddress.getByName(address), 24, true);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ZoneSet shopWith(DynamicRRset... dynamic) {
    return ZoneSet.of(
        List.of(
            TestZones.load("shop.test.zone"),
            TestZones.load("parent.test.zone"),
            TestZones.load("child.parent.test.zone")),
        List.of(dynamic));
  }

  private static Answer lookup(ZoneSet zones, String qname, int qtype, Client client) {
    return zones.lookup(name(qname), qtype, DClass.IN, client);
  }

  @Test
  void dynamicRrsetIsSelectedPerClientWithItsScope() {
    ZoneSet zones = shopWith(geoA());
    Answer europe = lookup(zones, "geo.shop.test", Type.A, EUROPE);
    assertThat(europe.authoritative()).isTrue();
    assertThat(lines(europe.answer())).containsExactly("geo.shop.test. 60 A 192.0.2.201");
    assertThat(europe.scopePrefix()).isEqualTo(8);
    Answer asia = lookup(zones, "GEO.shop.test", Type.A, ASIA);
    assertThat(lines(asia.answer())).containsExactly("geo.shop.test. 60 A 192.0.2.202");
    assertThat(asia.scopePrefix()).isEqualTo(12);
  }

  @Test
  void answerThatConsultsNoDynamicRrsetHasScopeZero() {
    FixedDynamicRRset geo = geoA();
    ZoneSet zones = shopWith(geo);
    Answer nodata = lookup(zones, "geo.shop.test", Type.TXT, EUROPE);
    assertThat(nodata.answer()).isEmpty();
    assertThat(nodata.scopePrefix()).isZero();
    assertThat(lookup(zones, "www.shop.test", Type.A, EUROPE).scopePrefix()).isZero();
    assertThat(geo.calls()).hasValue(0);
  }

  @Test
  void emptySelectionIsNodataWithTheSelectionsScope() {
    ZoneSet zones = shopWith(always("geo.shop.test", Type.A, 16));
    Answer a = lookup(zones, "geo.shop.test", Type.A, EUROPE);
    assertThat(a.rcode()).isZero();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority()).get(0)).startsWith("shop.test. 300 SOA");
    assertThat(a.scopePrefix()).isEqualTo(16);
  }

  @Test
  void dynamicNameBelowNewLabelsMakesEmptyNonTerminals() {
    ZoneSet zones =
        shopWith(always("a.geo.shop.test", Type.A, 0, a("a.geo.shop.test", "192.0.2.9")));
    Answer ent = lookup(zones, "geo.shop.test", Type.A, EUROPE);
    assertThat(ent.rcode()).isZero();
    assertThat(ent.answer()).isEmpty();
    assertThat(lookup(zones, "a.geo.shop.test", Type.A, EUROPE).answer()).hasSize(1);
  }

  @Test
  void staticCnameLeadsToADynamicRrset() {
    ZoneSet zones =
        shopWith(always("www.shop.test", Type.AAAA, 20, a("www.shop.test", "2001:db8::99")));
    Answer a = lookup(zones, "alias.shop.test", Type.AAAA, EUROPE);
    assertThat(lines(a.answer()))
        .containsExactly(
            "alias.shop.test. 3600 CNAME www.shop.test.",
            "www.shop.test. 60 AAAA 2001:db8:0:0:0:0:0:99");
    assertThat(a.scopePrefix()).isEqualTo(20);
    assertThat(lookup(zones, "www.shop.test", Type.A, EUROPE))
        .as("the static A beside the dynamic AAAA stays precomputed")
        .isSameAs(lookup(zones, "www.shop.test", Type.A, ASIA));
  }

  @Test
  void dynamicCnameIsFollowedAndTheLargestScopeWins() {
    ZoneSet zones =
        shopWith(
            always("cdn.shop.test", Type.CNAME, 8, cname("cdn.shop.test", "geo.shop.test")),
            geoA());
    Answer a = lookup(zones, "cdn.shop.test", Type.A, ASIA);
    assertThat(lines(a.answer()))
        .containsExactly(
            "cdn.shop.test. 60 CNAME geo.shop.test.", "geo.shop.test. 60 A 192.0.2.202");
    assertThat(a.scopePrefix()).isEqualTo(12);
    Answer cnameOnly = lookup(zones, "cdn.shop.test", Type.CNAME, ASIA);
    assertThat(cnameOnly.answer()).hasSize(1);
    assertThat(cnameOnly.scopePrefix()).isEqualTo(8);
  }

  @Test
  void dynamicRrsetAtAWildcardIsSynthesizedUnderTheQueryName() {
    ZoneSet zones =
        shopWith(always("*.geo.shop.test", Type.AAAA, 4, a("*.geo.shop.test", "2001:db8::7")));
    Answer a = lookup(zones, "host.geo.shop.test", Type.AAAA, EUROPE);
    assertThat(lines(a.answer()))
        .containsExactly("host.geo.shop.test. 60 AAAA 2001:db8:0:0:0:0:0:7");
    assertThat(a.scopePrefix()).isEqualTo(4);
  }

  @Test
  void anyAtADynamicNameSelects() {
    ZoneSet zones = shopWith(geoA());
    Answer a = lookup(zones, "geo.shop.test", Type.ANY, EUROPE);
    assertThat(a.answer()).hasSize(1);
    assertThat(a.scopePrefix()).isEqualTo(8);
  }

  @Test
  void dynamicRrsetBelongsToTheDeepestZone() {
    ZoneSet zones =
        shopWith(
            always("geo.child.parent.test", Type.A, 0, a("geo.child.parent.test", "192.0.2.77")));
    assertThat(lookup(zones, "geo.child.parent.test", Type.A, EUROPE).authoritative()).isTrue();
    assertThat(lookup(zones, "geo.child.parent.test", Type.A, EUROPE).answer()).hasSize(1);
  }

  @Test
  void oneLoadedZoneServesSeveralSnapshots() {
    Zone shop = TestZones.load("shop.test.zone");
    ZoneSet before = ZoneSet.of(List.of(shop), List.of());
    ZoneSet after = ZoneSet.of(List.of(shop), List.of(geoA()));
    assertThat(lookup(before, "geo.shop.test", Type.A, EUROPE).rcode())
        .as("a later snapshot leaves the earlier one as it was")
        .isEqualTo(3);
    assertThat(lookup(after, "geo.shop.test", Type.A, EUROPE).answer()).hasSize(1);
    assertThat(lookup(before, "www.shop.test", Type.A, EUROPE).answer())
        .isEqualTo(lookup(after, "www.shop.test", Type.A, EUROPE).answer());
  }

  private static void assertConflict(String expected, DynamicRRset... dynamic) {
    assertThatThrownBy(() -> shopWith(dynamic))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expected);
  }

  @Test
  void dynamicRrsetOutsideEveryZoneIsRefused() {
    assertConflict(
        "www.nowhere.test.: dynamic A RRset is in no zone", always("www.nowhere.test", Type.A, 0));
  }

  @Test
  void dynamicRrsetOfATypeThatIsStaticAtItsNameIsRefused() {
    assertConflict(
        "www.shop.test.: dynamic A RRset conflicts with a static RRset of that type",
        always("www.shop.test", Type.A, 0));
  }

  @Test
  void twoDynamicRrsetsOfOneTypeAtOneNameAreRefused() {
    assertConflict(
        "geo.shop.test.: dynamic A RRset conflicts with another dynamic RRset of that type",
        geoA(),
        always("geo.shop.test", Type.A, 0));
  }

  @Test
  void dynamicCnameBesideOtherDataIsRefused() {
    assertConflict(
        "www.shop.test.: dynamic CNAME RRset conflicts with A data (CNAME and other data)",
        always("www.shop.test", Type.CNAME, 0));
    assertConflict(
        "alias.shop.test.: dynamic TXT RRset conflicts with CNAME data (CNAME and other data)",
        always("alias.shop.test", Type.TXT, 0));
    assertConflict(
        "geo.shop.test.: dynamic CNAME RRset conflicts with A data (CNAME and other data)",
        geoA(),
        always("geo.shop.test", Type.CNAME, 0));
  }

  @Test
  void dynamicRrsetAtOrBelowADelegationIsRefused() {
    assertConflict(
        "x.sub.shop.test.: dynamic A RRset at or below the delegation point sub.shop.test.",
        always("x.sub.shop.test", Type.A, 0));
  }

  @Test
  void dynamicSoaOrNsIsRefused() {
    assertConflict(
        "geo.shop.test.: dynamic NS RRset: SOA and NS can only be static",
        always("geo.shop.test", Type.NS, 0));
  }

  @Test
  void zoneLoadedTwiceIsRefused() {
    assertThatThrownBy(
            () ->
                ZoneSet.of(
                    List.of(TestZones.load("shop.test.zone"), TestZones.load("shop.test.zone")),
                    List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("zone shop.test. is already loaded from");
  }
}
