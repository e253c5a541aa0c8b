package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.launch.RunningDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** AXFR of a zone too large for one message streams in many, and a real client takes it whole. */
class ZoneTransferTest {
  @TempDir Path dir;

  @Test
  void largeZoneTransfersInManyMessages() throws Exception {
    StringBuilder zone =
        new StringBuilder(
            "$ORIGIN big.test.\n$TTL 300\n@ SOA ns hostmaster 7 3600 600 86400 60\n@ NS ns\n"
                + "ns A 192.0.2.1\n");
    int hosts = 30_000;
    for (int i = 0; i < hosts; i++) {
      zone.append("host")
          .append(i)
          .append(" A 10.")
          .append(i >> 16 & 255)
          .append('.')
          .append(i >> 8 & 255)
          .append('.')
          .append(i & 255)
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("big.test.zone"), zone);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(file, null))) {
      ZoneTransferIn axfr =
          ZoneTransferIn.newAXFR(
              Name.fromString("big.test."), "127.0.0.1", TestDns.port(daemon), null);
      axfr.run();
      List<Record> records = axfr.getAXFR();
      assertThat(records).hasSize(hosts + 4);
      assertThat(records.get(0)).isInstanceOf(SOARecord.class);
      assertThat(((SOARecord) records.get(records.size() - 1)).getSerial()).isEqualTo(7);
      assertThat(records.stream().filter(r -> r.getType() == Type.A)).hasSize(hosts + 1);
    }
  }
}
