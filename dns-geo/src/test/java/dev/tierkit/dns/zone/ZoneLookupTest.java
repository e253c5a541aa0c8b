package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.Sections.lines;
import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

class ZoneLookupTest {
  static final Client CLIENT = Client.of(InetAddress.getLoopbackAddress());
  static final String NEGATIVE_SOA =
      "shop.test. 300 SOA ns1.shop.test. hostmaster.shop.test. 1 7200 900 1209600 300";

  private final ZoneSet zones =
      ZoneSet.of(
          List.of(TestZones.load("shop.test.zone"), TestZones.load("example.com.zone")), List.of());

  private Answer lookup(String qname, int qtype) {
    return zones.lookup(name(qname), qtype, DClass.IN, CLIENT);
  }

  @Test
  void exactMatchAnswersAuthoritativelyWithoutAuthoritySection() {
    Answer a = lookup("www.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer())).containsExactly("WWW.shop.test. 3600 A 192.0.2.80");
    assertThat(a.authority()).isEmpty();
    assertThat(a.additional()).isEmpty();
    assertThat(a.scopePrefix()).isZero();
  }

  @Test
  void staticExactMatchIsPrecomputedOnce() {
    assertThat(lookup("www.shop.test", Type.A)).isSameAs(lookup("www.shop.test", Type.A));
  }

  @Test
  void namesMatchWhateverTheirCase() {
    assertThat(lines(lookup("wWw.SHOP.test", Type.TXT).answer()))
        .containsExactly("WWW.shop.test. 3600 TXT web");
    assertThat(lookup("ALIAS.shop.TEST", Type.A).answer()).hasSize(2);
  }

  @Test
  void nodataCarriesSoaWithMinimumTtl() {
    Answer a = lookup("www.shop.test", Type.AAAA);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority())).containsExactly(NEGATIVE_SOA);
  }

  @Test
  void nxdomainCarriesSoaWithMinimumTtl() {
    Answer a = lookup("nothing.shop.test", Type.A);
    assertThat(a.rcode()).isEqualTo(3);
    assertThat(a.authoritative()).isTrue();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority())).containsExactly(NEGATIVE_SOA);
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() {
    for (String ent : List.of("deep.shop.test", "c.deep.shop.test", "b.c.deep.shop.test")) {
      Answer a = lookup(ent, Type.A);
      assertThat(a.rcode()).as(ent).isZero();
      assertThat(a.answer()).as(ent).isEmpty();
      assertThat(lines(a.authority())).as(ent).containsExactly(NEGATIVE_SOA);
    }
    assertThat(lines(lookup("a.b.c.deep.shop.test", Type.A).answer()))
        .containsExactly("a.b.c.deep.shop.test. 3600 A 192.0.2.60");
    assertThat(lookup("x.b.c.deep.shop.test", Type.A).rcode()).isEqualTo(3);
  }

  @Test
  void cnameIsFollowedWithinTheZone() {
    Answer a = lookup("alias.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer()))
        .containsExactly(
            "alias.shop.test. 3600 CNAME www.shop.test.", "WWW.shop.test. 3600 A 192.0.2.80");
  }

  @Test
  void cnameChainIsFollowedLinkByLink() {
    assertThat(lines(lookup("chain1.shop.test", Type.TXT).answer()))
        .containsExactly(
            "chain1.shop.test. 3600 CNAME chain2.shop.test.",
            "chain2.shop.test. 3600 CNAME alias.shop.test.",
            "alias.shop.test. 3600 CNAME www.shop.test.",
            "WWW.shop.test. 3600 TXT web");
  }

  @Test
  void cnameQueryReturnsTheCnameItself() {
    assertThat(lines(lookup("alias.shop.test", Type.CNAME).answer()))
        .containsExactly("alias.shop.test. 3600 CNAME www.shop.test.");
  }

  @Test
  void cnameChainEndingInNodataKeepsTheChainAndAddsSoa() {
    Answer a = lookup("alias.shop.test", Type.AAAA);
    assertThat(a.rcode()).isZero();
    assertThat(lines(a.answer())).containsExactly("alias.shop.test. 3600 CNAME www.shop.test.");
    assertThat(lines(a.authority())).containsExactly(NEGATIVE_SOA);
  }

  @Test
  void cnameChainEndingInNxdomainKeepsTheChainAndTheRcode() {
    Answer a = lookup("dangling.shop.test", Type.A);
    assertThat(a.rcode()).isEqualTo(3);
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer()))
        .containsExactly("dangling.shop.test. 3600 CNAME nothing.shop.test.");
    assertThat(lines(a.authority())).containsExactly(NEGATIVE_SOA);
  }

  @Test
  void cnameOutOfTheZoneIsNotFollowed() {
    Answer a = lookup("outside.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(lines(a.answer()))
        .containsExactly("outside.shop.test. 3600 CNAME www.elsewhere.test.");
    assertThat(a.authority()).isEmpty();
  }

  @Test
  void cnameIntoAnotherServedZoneIsNotFollowed() {
    ZoneSet both =
        ZoneSet.of(
            List.of(TestZones.load("shop.test.zone"), TestZones.load("no-origin.zone")), List.of());
    assertThat(both.lookup(name("outside.shop.test"), Type.A, DClass.IN, CLIENT).answer().size())
        .isEqualTo(1);
  }

  @Test
  void cnameLoopEndsOnceEveryNameIsInTheAnswer() {
    Answer a = lookup("loop1.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(lines(a.answer()))
        .containsExactly(
            "loop1.shop.test. 3600 CNAME loop2.shop.test.",
            "loop2.shop.test. 3600 CNAME loop1.shop.test.");
    assertThat(lines(lookup("self.shop.test", Type.A).answer()))
        .containsExactly("self.shop.test. 3600 CNAME self.shop.test.");
  }

  @Test
  void cnameChainStopsAtTheLimit() {
    Answer a = lookup("c0.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.answer()).hasSize(ZoneSet.MAX_CHAIN);
    assertThat(a.answer()).allMatch(r -> r.type() == Type.CNAME);
  }

  @Test
  void mxAnswerCarriesInZoneAddressesOfTheTargetsAsOptionalAdditional() {
    Answer a = lookup("shop.test", Type.MX);
    assertThat(a.answer()).hasSize(2);
    assertThat(lines(a.additional()))
        .containsExactly(
            "mail.shop.test. 3600 A 192.0.2.25", "mail.shop.test. 3600 AAAA 2001:db8:0:0:0:0:0:25");
    assertThat(a.requiredAdditional()).isZero();
  }

  @Test
  void srvAndNsAnswersCarryTargetAddresses() {
    assertThat(lines(lookup("_sip._tcp.shop.test", Type.SRV).additional()))
        .containsExactly("sip.shop.test. 3600 A 192.0.2.50");
    Answer ns = lookup("shop.test", Type.NS);
    assertThat(ns.authoritative()).isTrue();
    assertThat(lines(ns.additional()))
        .containsExactly(
            "ns1.shop.test. 3600 A 192.0.2.1", "ns1.shop.test. 3600 AAAA 2001:db8:0:0:0:0:0:1");
    assertThat(ns.requiredAdditional()).isZero();
  }

  @Test
  void anyIsAnsweredWithOneRrsetOfTheLowestType() {
    Answer apex = lookup("shop.test", Type.ANY);
    assertThat(apex.rcode()).isZero();
    assertThat(apex.authoritative()).isTrue();
    assertThat(lines(apex.answer())).containsExactly("shop.test. 3600 A 192.0.2.10");
    assertThat(lines(lookup("alias.shop.test", Type.ANY).answer()))
        .containsExactly("alias.shop.test. 3600 CNAME www.shop.test.");
    assertThat(lookup("deep.shop.test", Type.ANY).authority()).hasSize(1);
    assertThat(lookup("nothing.shop.test", Type.ANY).rcode()).isEqualTo(3);
  }

  @Test
  void everyRecordTypeIsServedAsLoaded() {
    assertThat(lines(lookup("example.com", Type.CAA).answer()))
        .containsExactly("example.com. 3600 CAA 0 issue \"ca.example.net\"");
    assertThat(lines(lookup("80.2.0.192.in-addr.arpa.example.com", Type.PTR).answer()))
        .containsExactly("80.2.0.192.in-addr.arpa.example.com. 3600 PTR www.example.com.");
    assertThat(lookup("private.example.com", 65280).answer().get(0).rdata())
        .containsExactly(0x0a, 0, 0, 1);
    assertThat(lines(lookup("example.com", Type.SOA).answer()))
        .containsExactly(
            "example.com. 3600 SOA ns1.example.com. hostmaster.example.com. 2026120101 7200 900"
                + " 1209600 300");
  }

  @Test
  void severalZonesAnswerEachForTheirOwnNames() {
    assertThat(lookup("www.example.com", Type.A).answer()).hasSize(1);
    assertThat(lookup("www.shop.test", Type.A).answer()).hasSize(1);
    assertThat(lines(lookup("nope.example.com", Type.A).authority()).get(0))
        .startsWith("example.com. 300 SOA");
  }

  @Test
  void nameInNoZoneIsRefusedWithoutAa() {
    for (String qname : List.of("example.org", "test", ".", "com")) {
      Answer a = lookup(qname, Type.A);
      assertThat(a.rcode()).as(qname).isEqualTo(5);
      assertThat(a.authoritative()).as(qname).isFalse();
      assertThat(a.answer()).isEmpty();
    }
  }

  @Test
  void classesOtherThanInAndAnyAreRefused() {
    assertThat(zones.lookup(name("www.shop.test"), Type.A, DClass.CH, CLIENT).rcode()).isEqualTo(5);
    assertThat(zones.lookup(name("www.shop.test"), Type.A, DClass.ANY, CLIENT).answer()).hasSize(1);
  }

  @Test
  void zoneTransfersAreRefused() {
    assertThat(lookup("shop.test", Type.AXFR).rcode()).isEqualTo(5);
    assertThat(lookup("shop.test", Type.IXFR).rcode()).isEqualTo(5);
  }

  @Test
  void metaTypesAreFormerrOrNotimp() {
    assertThat(lookup("shop.test", Type.OPT).rcode()).isEqualTo(1);
    for (int meta : new int[] {Type.TKEY, Type.TSIG, Type.MAILA, Type.MAILB, 128}) {
      assertThat(lookup("shop.test", meta).rcode()).as(Type.string(meta)).isEqualTo(4);
    }
  }

  @Test
  void concurrentLookupsGiveTheSameAnswersAsOne() throws Exception {
    List<String> names =
        List.of(
            "www.shop.test",
            "alias.shop.test",
            "x.wild.shop.test",
            "nothing.shop.test",
            "host.sub.shop.test",
            "c0.shop.test",
            "deep.shop.test",
            "mail.shop.test");
    List<Answer> expected = names.stream().map(n -> lookup(n, Type.A)).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 2_000; round++) {
                    for (int i = 0; i < names.size(); i++) {
                      if (!lookup(names.get(i), Type.A).equals(expected.get(i))) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void emptySetRefusesEverything() {
    assertThat(ZoneSet.empty().lookup(name("shop.test"), Type.A, DClass.IN, CLIENT).rcode())
        .isEqualTo(5);
  }
}
