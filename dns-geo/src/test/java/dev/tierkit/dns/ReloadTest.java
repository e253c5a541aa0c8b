package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.launch.RunningDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Reloads swap the whole snapshot at once: no query fails, none sees half a load. */
class ReloadTest {
  @TempDir Path dir;

  @Test
  void reloadUnderQueryLoadFailsNoQuery() throws Exception {
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    Path geo = TestDns.copy("/it/geo.yaml", dir);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, geo))) {
      DnsClient client = new DnsClient(TestDns.port(daemon));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger answered = new AtomicInteger();
      AtomicReference<String> failure = new AtomicReference<>();
      Thread load =
          new Thread(
              () -> {
                while (running.get() && failure.get() == null) {
                  try {
                    Message reply = client.udp(DnsClient.query("static.example.test.", Type.A));
                    String a = reply.getSection(Section.ANSWER).get(0).rdataToString();
                    if (reply.getRcode() != Rcode.NOERROR
                        || !(a.equals("192.0.2.80") || a.equals("192.0.2.81"))) {
                      failure.set("unexpected answer " + reply);
                    }
                    answered.incrementAndGet();
                  } catch (Exception e) {
                    failure.set(e.toString());
                  }
                }
              },
              "query-load");
      load.start();
      try {
        DnsServer server = (DnsServer) daemon.daemon();
        for (int i = 0; i < 10; i++) {
          String address = i % 2 == 0 ? "192.0.2.81" : "192.0.2.80";
          Files.writeString(
              zone,
              Files.readString(zone)
                  .replaceAll("static  IN A   192\\.0\\.2\\.8[01]", "static  IN A   " + address));
          server.reload();
        }
      } finally {
        running.set(false);
        load.join();
      }
      assertThat(failure.get()).isNull();
      assertThat(answered.get()).isPositive();
      Message reply = client.udp(DnsClient.query("static.example.test.", Type.A));
      assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.80");
    }
  }

  @Test
  void brokenZoneIsRejectedWithItsLineAndTheOldDataKeepsServing() throws Exception {
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, null))) {
      DnsClient client = new DnsClient(TestDns.port(daemon));
      Files.writeString(zone, Files.readString(zone) + "broken IN A 999.1.1.1\n");
      DnsServer server = (DnsServer) daemon.daemon();
      assertThatThrownBy(server::reload)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(zone.getFileName().toString());
      Message reply = client.udp(DnsClient.query("static.example.test.", Type.A));
      assertThat(reply.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.80");
    }
  }

  @Test
  void brokenGeoFileIsRejectedAndTheOldDataKeepsServing() throws Exception {
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    Path geo = TestDns.copy("/it/geo.yaml", dir);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, geo))) {
      DnsClient client = new DnsClient(TestDns.port(daemon));
      Files.writeString(
          geo, Files.readString(geo).replace("[us-east, eu-west]", "[us-east, mars]"));
      DnsServer server = (DnsServer) daemon.daemon();
      assertThatThrownBy(server::reload)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("geo.yaml");
      Message reply = client.udp(DnsClient.query("www.example.test.", Type.A));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    }
  }
}
