package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.common.testing.DaemonProcess;
import dev.tierkit.dns.server.DnsListeners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** dns-geo as a real process: serves, reloads on SIGHUP, exits 0 on SIGTERM. */
class DnsGeoProcessTest {
  @TempDir Path dir;
  private DaemonProcess daemon;

  @AfterEach
  void killLeftover() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static String staticAddress(DnsClient client) {
    try {
      return client
          .udp(DnsClient.query("static.example.test.", Type.A))
          .getSection(Section.ANSWER)
          .get(0)
          .rdataToString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void servesReloadsOnSighupAndExitsZeroOnSigterm() throws Exception {
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    Path geo = TestDns.copy("/it/geo.yaml", dir);
    daemon =
        DaemonProcess.start(
            DnsGeoCommand.class,
            List.of(),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--threads",
            "1",
            "--admin-port",
            "-1",
            "--zone",
            zone.toString(),
            "--geo",
            geo.toString());
    DnsClient client = new DnsClient(daemon.port(DnsListeners.NAME));
    assertThat(staticAddress(client)).isEqualTo("192.0.2.80");

    Files.writeString(zone, Files.readString(zone).replace("192.0.2.80", "192.0.2.81"));
    // The shell's own kill: no procps needed on the machine.
    new ProcessBuilder("sh", "-c", "kill -HUP " + daemon.process().pid())
        .inheritIO()
        .start()
        .waitFor();
    await().atMost(Duration.ofSeconds(10)).until(() -> staticAddress(client).equals("192.0.2.81"));

    daemon.process().destroy();
    assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.process().exitValue()).as("exit code; log: %s", daemon.log()).isZero();
  }
}
