package dev.tierkit.mq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's pika (Debian's {@code python3-pika}, which {@code .ci/run} installs) against mq-broker:
 * confirms, returns, topic routing, consuming with prefetch, channel errors. Skipped where pika is
 * not installed.
 */
class PikaTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @TempDir Path temp;

  private static int run(List<String> command, StringBuilder output) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    try (InputStream in = process.getInputStream()) {
      output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return process.exitValue();
  }

  @Test
  void pikaChecksPass() throws Exception {
    Path python = Paths.get("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "Debian's python3 is not installed");
    assumeTrue(
        run(List.of(python.toString(), "-c", "import pika"), new StringBuilder()) == 0,
        "pika (python3-pika) is not installed");
    Path script = temp.resolve("pika_check.py");
    try (InputStream in = PikaTest.class.getResourceAsStream("/clients/pika_check.py")) {
      Files.copy(in, script);
    }
    StringBuilder output = new StringBuilder();
    int exit =
        run(List.of(python.toString(), script.toString(), Integer.toString(broker.port())), output);
    assertThat(output.toString()).contains("All pika checks passed").doesNotContain("FAIL");
    assertThat(exit).isZero();
  }
}
