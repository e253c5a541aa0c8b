package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: defaults, the config file, and user mistakes as one line with exit 2. */
class DnsGeoCommandTest {
  @TempDir Path dir;

  private static DnsGeoCommand parse(String... args) {
    DnsGeoCommand command = new DnsGeoCommand();
    CommandLines.configure(new CommandLine(command)).parseArgs(args);
    return command;
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CommandLines.execute(new DnsGeoCommand(), new PrintWriter(out), new PrintWriter(err), args);
    assertThat(exit).as("exit code, stderr: %s", err).isEqualTo(expectedExit);
    return out + err.toString();
  }

  @Test
  void defaultsAreTheDnsPortAndTheFlagDayPayload() {
    DnsConfig config = parse("--zone", "x.zone").config();
    assertThat(config.address().getPort()).isEqualTo(53);
    assertThat(config.maxUdpPayload()).isEqualTo(1232);
    assertThat(config.rateLimit()).isNull();
    assertThat(config.nsid()).isNull();
    assertThat(config.zones()).containsExactly(new ZoneSource(null, Path.of("x.zone")));
  }

  @Test
  void zoneTakesAnOrigin() {
    DnsConfig config = parse("--zone", "example.com=zones/db.example").config();
    assertThat(config.zones().get(0).origin().toString()).isEqualTo("example.com.");
  }

  @Test
  void noZoneIsAUsageError() {
    assertThat(run(2)).contains("--zone").doesNotContain("Exception");
  }

  @Test
  void missingZoneFileIsOneLineNamingIt() {
    String output = run(2, "--port", "0", "--admin-port", "-1", "--zone", "/nonexistent/x.zone");
    assertThat(output).contains("/nonexistent/x.zone").doesNotContain("\tat ");
  }

  @Test
  void configFileGivesZonesAndFlagsOverrideIt() throws Exception {
    Path file = dir.resolve("dns.yaml");
    Files.writeString(
        file,
        "zones:\n  - file: example.test.zone\n    origin: example.test.\nnsid: from-file\n"
            + "maxUdpSize: 1400\n");
    DnsConfig config = parse("--config", file.toString(), "--max-udp-size", "1300").config();
    assertThat(config.zones().get(0).file()).isEqualTo(dir.resolve("example.test.zone"));
    assertThat(config.nsid()).isEqualTo("from-file");
    assertThat(config.maxUdpPayload()).isEqualTo(1300);
  }

  @Test
  void rateLimitOptionsBuildTheLimit() {
    DnsConfig config = parse("--zone", "x", "--rrl-rate", "50", "--rrl-slip", "3").config();
    assertThat(config.rateLimit().responsesPerSecond()).isEqualTo(50);
    assertThat(config.rateLimit().slip()).isEqualTo(3);
  }

  @Test
  void autoTransportPrefersEpollAndAnExplicitChoiceIsKept() {
    assertThat(parse("--zone", "x", "--transport", "nio").runtimeConfig().transport())
        .isEqualTo(dev.tierkit.common.transport.TransportChoice.NIO);
    var auto = parse("--zone", "x").runtimeConfig().transport();
    if (dev.tierkit.common.transport.Transport.EPOLL.isAvailable()) {
      assertThat(auto).isEqualTo(dev.tierkit.common.transport.TransportChoice.EPOLL);
    } else {
      assertThat(auto).isEqualTo(dev.tierkit.common.transport.TransportChoice.AUTO);
    }
  }

  @Test
  void helpListsTheOptions() {
    assertThat(run(0, "--help")).contains("--zone").contains("--geo").contains("--rrl-rate");
  }
}
