package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.Sections.lines;
import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** Referrals, glue, DS at the cut and a child zone served beside its parent. */
class DelegationLookupTest {
  private final ZoneSet zones =
      ZoneSet.of(
          List.of(
              TestZones.load("shop.test.zone"),
              TestZones.load("parent.test.zone"),
              TestZones.load("child.parent.test.zone")),
          List.of());

  private Answer lookup(String qname, int qtype) {
    return zones.lookup(name(qname), qtype, DClass.IN, ZoneLookupTest.CLIENT);
  }

  @Test
  void nameBelowACutGetsAReferralWithGlue() {
    Answer a = lookup("host.sub.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isFalse();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority()))
        .containsExactly(
            "sub.shop.test. 3600 NS ns.sub.shop.test.",
            "sub.shop.test. 3600 NS ns1.shop.test.",
            "sub.shop.test. 3600 NS ns.elsewhere.test.");
    assertThat(lines(a.additional()))
        .containsExactly(
            "ns.sub.shop.test. 3600 A 192.0.2.100",
            "ns.sub.shop.test. 3600 AAAA 2001:db8:0:0:0:0:0:100",
            "ns1.shop.test. 3600 A 192.0.2.1",
            "ns1.shop.test. 3600 AAAA 2001:db8:0:0:0:0:0:1");
    assertThat(a.requiredAdditional()).as("only in-bailiwick glue is required").isEqualTo(2);
  }

  @Test
  void theCutItselfAndItsGlueAreReferralsToo() {
    for (String qname : List.of("sub.shop.test", "ns.sub.shop.test")) {
      for (int qtype : new int[] {Type.A, Type.NS, Type.ANY, Type.SOA}) {
        Answer a = lookup(qname, qtype);
        assertThat(a.authoritative()).as(qname + " " + Type.string(qtype)).isFalse();
        assertThat(a.authority()).as(qname).hasSize(3);
      }
    }
  }

  @Test
  void emptyNonTerminalBelowACutIsAReferral() {
    Answer a = lookup("b.sub.shop.test", Type.A);
    assertThat(a.authoritative()).isFalse();
    assertThat(a.authority()).hasSize(3);
    assertThat(lookup("a.b.sub.shop.test", Type.A).authoritative()).isFalse();
  }

  @Test
  void dsAtTheCutIsAnsweredByTheParent() {
    Answer a = lookup("sub.shop.test", Type.DS);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).extracting(WireRecord::type).containsExactly(Type.DS);
    assertThat(a.authority()).isEmpty();
  }

  @Test
  void dsAtACutWithoutDsIsNodataFromTheParent() {
    Answer a = lookup("nods.shop.test", Type.DS);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority()).get(0)).startsWith("shop.test. 300 SOA");
  }

  @Test
  void dsBelowTheCutIsAReferral() {
    assertThat(lookup("deeper.sub.shop.test", Type.DS).authoritative()).isFalse();
  }

  @Test
  void cnameIntoADelegationEndsWithTheReferral() {
    Answer a = lookup("tocut.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer()))
        .containsExactly("tocut.shop.test. 3600 CNAME host.sub.shop.test.");
    assertThat(a.authority()).hasSize(3).allMatch(r -> r.type() == Type.NS);
    assertThat(a.requiredAdditional()).isEqualTo(2);
  }

  @Test
  void childZoneAnswersForItsNames() {
    Answer a = lookup("www.child.parent.test", Type.A);
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer())).containsExactly("www.child.parent.test. 3600 A 192.0.2.211");
    Answer ns = lookup("child.parent.test", Type.NS);
    assertThat(ns.authoritative()).isTrue();
    assertThat(lines(ns.answer()))
        .containsExactly("child.parent.test. 3600 NS ns.child.parent.test.");
    assertThat(lines(lookup("ns.child.parent.test", Type.A).answer()))
        .as("the child's address, not the parent's glue")
        .containsExactly("ns.child.parent.test. 3600 A 192.0.2.210");
  }

  @Test
  void parentGlueIsHiddenByTheChildZone() {
    Answer a = lookup("ns2.child.parent.test", Type.A);
    assertThat(a.rcode()).isEqualTo(3);
    assertThat(lines(a.authority()).get(0)).startsWith("child.parent.test. 120 SOA");
  }

  @Test
  void dsAtAChildApexIsAnsweredByTheParentZone() {
    Answer a = lookup("child.parent.test", Type.DS);
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).extracting(WireRecord::type).containsExactly(Type.DS);
    assertThat(lines(a.answer()).get(0)).startsWith("child.parent.test. 3600 DS 54321 13 2");
  }

  @Test
  void withoutTheChildZoneTheParentRefers() {
    ZoneSet parentOnly = ZoneSet.of(List.of(TestZones.load("parent.test.zone")), List.of());
    Answer a =
        parentOnly.lookup(name("www.child.parent.test"), Type.A, DClass.IN, ZoneLookupTest.CLIENT);
    assertThat(a.authoritative()).isFalse();
    assertThat(lines(a.additional())).containsExactly("ns.child.parent.test. 3600 A 192.0.2.200");
    assertThat(a.requiredAdditional()).isEqualTo(1);
  }
}
