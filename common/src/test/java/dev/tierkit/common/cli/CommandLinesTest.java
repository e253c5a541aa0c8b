package dev.tierkit.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.EchoCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLinesTest {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        CommandLines.execute(
            new EchoCommand(), new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static void assertOneLineUsageError(Run run, String... fragments) {
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("echo: ").contains(fragments);
  }

  @Test
  void unknownOptionExitsTwoWithOneLineNamingIt() {
    assertOneLineUsageError(run("--bogus"), "--bogus", "echo --help");
  }

  @Test
  void malformedYamlConfigExitsTwoWithOneLineNamingFileAndLine() throws IOException {
    Path config = dir.resolve("echo.yaml");
    Files.writeString(config, "prefix: ok\nmaxLineLength: [1, 2\n");
    assertOneLineUsageError(run("--config", config.toString()), config + ":");
  }

  @Test
  void invalidConfigValueExitsTwoNamingTheField() throws IOException {
    Path config = dir.resolve("echo.yaml");
    Files.writeString(config, "prefix: ok\nmaxLineLength: 99999999\n");
    assertOneLineUsageError(
        run("--config", config.toString()), config + ":", "maxLineLength must be at most");
  }

  @Test
  void badOptionValuesExitTwoNamingTheOption() {
    assertOneLineUsageError(run("--transport", "carrier-pigeon"), "--transport", "epoll");
    assertOneLineUsageError(run("--port", "70000", "--admin-port", "-1"), "--port", "70000");
    assertOneLineUsageError(run("--threads", "0"), "--threads");
    assertOneLineUsageError(run("--drain-timeout", "soon"), "--drain-timeout", "30s");
    assertOneLineUsageError(run("--bind", "no.such.host.invalid"), "--bind");
  }

  @Test
  void helpDocumentsEveryCommonOptionWithItsDefault() {
    Run run = run("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().replaceAll("\\s+", " "))
        .contains("--bind", "default: 0.0.0.0")
        .contains("--port", "--admin-port", "--admin-bind", "default: 127.0.0.1")
        .contains("--threads", "--transport", "auto, io_uring, epoll, nio")
        .contains("--drain-timeout", "default: 30s")
        .contains("--max-connections", "default: 10000")
        .contains("--log-level", "--config");
  }

  @Test
  void portInUseExitsOneWithOneLine() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Run run =
          run(
              "--bind",
              "127.0.0.1",
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--admin-port",
              "-1",
              "--drain-timeout",
              "0s");
      assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILURE);
      assertThat(run.err().lines()).hasSize(1);
      assertThat(run.err()).contains("cannot bind echo", ":" + taken.getLocalPort());
    }
  }
}
