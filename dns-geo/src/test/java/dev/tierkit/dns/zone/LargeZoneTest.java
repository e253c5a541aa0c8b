package dev.tierkit.dns.zone;

import static dev.tierkit.dns.zone.TestZones.name;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/** A generated zone of fifty thousand records loads, compiles and answers every kind of name. */
class LargeZoneTest {
  @Test
  void generatedZoneLoadsAndAnswers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.zone");
    LargeZoneGenerator.write(file, 50_000);
    Zone zone = ZoneLoader.load(file, null, -1);
    assertThat(zone.recordCount()).isBetween(50_000, 50_002);
    ZoneSet set = ZoneSet.of(List.of(zone), List.of());
    Client client = ZoneLookupTest.CLIENT;
    assertThat(set.lookup(name("h0.big.test"), Type.A, DClass.IN, client).answer()).hasSize(1);
    assertThat(set.lookup(name("w7.big.test"), Type.A, DClass.IN, client).answer()).hasSize(2);
    assertThat(set.lookup(name("svc.big.test"), Type.TXT, DClass.IN, client).rcode()).isZero();
    assertThat(set.lookup(name("m9.big.test"), Type.MX, DClass.IN, client).additional()).hasSize(1);
    Answer referral = set.lookup(name("x.z999.big.test"), Type.A, DClass.IN, client);
    assertThat(referral.authoritative()).isFalse();
    assertThat(referral.requiredAdditional()).isEqualTo(1);
    assertThat(set.lookup(name("nope.big.test"), Type.A, DClass.IN, client).rcode()).isEqualTo(3);
  }
}
