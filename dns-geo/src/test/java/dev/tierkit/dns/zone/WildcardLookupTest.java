package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.Sections.lines;
import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** RFC 4592 section 2.2.1's example zone and its answers, plus wildcard CNAMEs and cuts. */
class WildcardLookupTest {
  private final ZoneSet zones =
      ZoneSet.of(
          List.of(TestZones.load("rfc4592.example.zone"), TestZones.load("shop.test.zone")),
          List.of());

  private Answer lookup(String qname, int qtype) {
    return zones.lookup(name(qname), qtype, DClass.IN, ZoneLookupTest.CLIENT);
  }

  @Test
  void missingNameUnderTheApexIsSynthesizedFromTheWildcard() {
    Answer a = lookup("host3.example", Type.MX);
    assertThat(a.rcode()).isZero();
    assertThat(a.authoritative()).isTrue();
    assertThat(lines(a.answer())).containsExactly("host3.example. 3600 MX 10 host1.example.");
    assertThat(lines(a.additional())).containsExactly("host1.example. 3600 A 192.0.2.1");
  }

  @Test
  void wildcardWithoutTheTypeIsNodata() {
    Answer a = lookup("host3.example", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(a.answer()).isEmpty();
    assertThat(lines(a.authority()).get(0)).startsWith("example. 3600 SOA");
  }

  @Test
  void wildcardCoversSeveralMissingLabels() {
    assertThat(lines(lookup("foo.bar.example", Type.TXT).answer()))
        .containsExactly("foo.bar.example. 3600 TXT \"this is a wildcard\"");
  }

  @Test
  void existingNameIsNeverSynthesized() {
    Answer a = lookup("host1.example", Type.MX);
    assertThat(a.rcode()).isZero();
    assertThat(a.answer()).isEmpty();
    assertThat(lookup("sub.*.example", Type.MX).answer()).isEmpty();
    assertThat(lines(lookup("sub.*.example", Type.TXT).answer()))
        .containsExactly("sub.*.example. 3600 TXT \"this is not a wildcard\"");
  }

  @Test
  void emptyNonTerminalBlocksTheWildcard() {
    Answer a = lookup("host2.example", Type.MX);
    assertThat(a.rcode()).as("host2.example exists as an empty non-terminal").isZero();
    assertThat(a.answer()).isEmpty();
    assertThat(lookup("_tcp.host1.example", Type.TXT).answer()).isEmpty();
  }

  @Test
  void closestEncloserWithoutWildcardIsNxdomain() {
    Answer a = lookup("_telnet._tcp.host1.example", Type.SRV);
    assertThat(a.rcode()).isEqualTo(3);
    assertThat(a.answer()).isEmpty();
    assertThat(lookup("ghost.*.example", Type.MX).rcode()).isEqualTo(3);
  }

  @Test
  void queryForTheWildcardItselfIsAnOrdinaryMatch() {
    assertThat(lines(lookup("*.example", Type.TXT).answer()))
        .containsExactly("*.example. 3600 TXT \"this is a wildcard\"");
  }

  @Test
  void wildcardDoesNotApplyBelowADelegation() {
    Answer a = lookup("host.subdel.example", Type.A);
    assertThat(a.authoritative()).isFalse();
    assertThat(a.rcode()).isZero();
    assertThat(lines(a.authority()))
        .containsExactly(
            "subdel.example. 3600 NS ns.example.com.", "subdel.example. 3600 NS ns.example.net.");
    Answer shop = lookup("x.sub.shop.test", Type.A);
    assertThat(shop.authoritative()).as("*.sub.shop.test lies below the cut").isFalse();
    assertThat(shop.answer()).isEmpty();
  }

  @Test
  void synthesizedAnswerIsOwnedByTheQueryNameInItsCase() {
    assertThat(lines(lookup("Deep.Down.wild.shop.test", Type.A).answer()))
        .containsExactly("Deep.Down.wild.shop.test. 3600 A 192.0.2.70");
  }

  @Test
  void wildcardCnameIsFollowed() {
    Answer a = lookup("anything.cw.shop.test", Type.A);
    assertThat(lines(a.answer()))
        .containsExactly(
            "anything.cw.shop.test. 3600 CNAME www.shop.test.", "WWW.shop.test. 3600 A 192.0.2.80");
  }

  @Test
  void wildcardCnameLoopEnds() {
    Answer a = lookup("a.cwx.shop.test", Type.A);
    assertThat(a.rcode()).isZero();
    assertThat(lines(a.answer()))
        .containsExactly(
            "a.cwx.shop.test. 3600 CNAME x.cwx.shop.test.",
            "x.cwx.shop.test. 3600 CNAME x.cwx.shop.test.");
  }

  @Test
  void wildcardThatIsAnEmptyNonTerminalSynthesizesNodata() {
    Answer a = lookup("foo.ent.shop.test", Type.A);
    assertThat(a.rcode()).as("RFC 4592 section 4.2: the wildcard exists, without data").isZero();
    assertThat(a.answer()).isEmpty();
    assertThat(a.authority()).hasSize(1);
  }

  @Test
  void anyAtAWildcardGivesOneSynthesizedRrset() {
    assertThat(lines(lookup("q.wild.shop.test", Type.ANY).answer()))
        .containsExactly("q.wild.shop.test. 3600 A 192.0.2.70");
  }
}
