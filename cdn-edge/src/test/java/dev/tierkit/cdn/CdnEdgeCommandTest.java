package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.common.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: defaults, and user mistakes as one line with exit 2. */
class CdnEdgeCommandTest {
  private static CdnEdgeCommand parse(String... args) {
    CdnEdgeCommand command = new CdnEdgeCommand();
    CommandLines.configure(new CommandLine(command)).parseArgs(args);
    return command;
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CommandLines.execute(
            new CdnEdgeCommand(), new PrintWriter(out), new PrintWriter(err), args);
    assertThat(exit).as("exit code, stderr: %s", err).isEqualTo(expectedExit);
    return out + err.toString();
  }

  @Test
  void defaultsAreTheEdgePortAndVarnishLikeTtls() {
    CdnConfig config = parse("--origin", "http://127.0.0.1:8080").config();
    assertThat(config.address().getPort()).isEqualTo(8081);
    assertThat(config.origins()).hasSize(1);
    assertThat(config.origins().get(0).port()).isEqualTo(8080);
    assertThat(config.balance()).isEqualTo(OriginSet.Balance.FAILOVER);
    assertThat(config.ttl().defaultTtlMillis()).isEqualTo(120_000);
    assertThat(config.store().memoryBytes()).isEqualTo(256L << 20);
    assertThat(config.store().maxObjectBytes()).isEqualTo(32L << 20);
    assertThat(config.store().diskDir()).isNull();
    assertThat(config.purgeAllow().contains(java.net.InetAddress.getLoopbackAddress())).isTrue();
  }

  @Test
  void sizesAndDurationsTakeUnits() {
    CdnConfig config =
        parse(
                "--origin",
                "http://o:80",
                "--origin",
                "http://p:81",
                "--origin-balance",
                "round-robin",
                "--max-object-size",
                "8m",
                "--default-ttl",
                "5m",
                "--grace",
                "1h",
                "--ignore-query-param",
                "utm_*",
                "--sort-query")
            .config();
    assertThat(config.origins()).hasSize(2);
    assertThat(config.balance()).isEqualTo(OriginSet.Balance.ROUND_ROBIN);
    assertThat(config.store().maxObjectBytes()).isEqualTo(8L << 20);
    assertThat(config.ttl().defaultTtlMillis()).isEqualTo(300_000);
    assertThat(config.ttl().graceMillis()).isEqualTo(3_600_000);
    assertThat(config.keys().sortQuery()).isTrue();
    assertThat(config.keys().ignoredQueryParams()).containsExactly("utm_*");
  }

  @Test
  void noOriginIsAUsageError() {
    assertThat(run(2)).contains("--origin").doesNotContain("Exception");
  }

  @Test
  void anHttpsOriginIsRefusedInOneLine() {
    String output = run(2, "--port", "0", "--admin-port", "-1", "--origin", "https://o");
    assertThat(output).contains("https origins are not supported").doesNotContain("\tat ");
  }

  @Test
  void anOriginWithAPathIsRefusedInOneLine() {
    String output = run(2, "--port", "0", "--admin-port", "-1", "--origin", "http://o/app");
    assertThat(output).contains("--origin http://o/app").doesNotContain("\tat ");
  }

  @Test
  void aBadBalanceModeNamesTheOption() {
    String output =
        run(
            2,
            "--port",
            "0",
            "--admin-port",
            "-1",
            "--origin",
            "http://o",
            "--origin-balance",
            "x");
    assertThat(output).contains("--origin-balance");
  }
}
