package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.common.testing.DaemonExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * libmemcached's protocol conformance tool ({@code memccapable -a}) and pymemcache against a real
 * cache-server. Both are Debian packages ({@code libmemcached-tools}, {@code python3-pymemcache})
 * that {@code .ci/run} installs; on a machine without them these tests are skipped.
 */
class ClientToolsTest {
  @RegisterExtension static final DaemonExtension cache = TestCaches.daemon(CacheClock.system());

  @TempDir Path temp;

  record Outcome(int exitCode, String output) {}

  private static Outcome run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  @Test
  void memccapableAsciiConformancePasses() throws Exception {
    Path tool = Paths.get("/usr/bin/memccapable");
    assumeTrue(Files.isExecutable(tool), "memccapable (libmemcached-tools) is not installed");
    Outcome outcome =
        run(
            List.of(
                tool.toString(),
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(cache.port("memcached")),
                "-a",
                "-t",
                "10"));
    assertThat(outcome.output()).contains("All tests passed").doesNotContain("[FAIL]");
    assertThat(outcome.exitCode()).isZero();
  }

  @Test
  void pymemcacheChecksPass() throws Exception {
    Path python = Paths.get("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python), "Debian's python3 is not installed");
    assumeTrue(
        run(List.of(python.toString(), "-c", "import pymemcache")).exitCode() == 0,
        "pymemcache (python3-pymemcache) is not installed");
    Path script = temp.resolve("pymemcache_check.py");
    try (InputStream in =
        ClientToolsTest.class.getResourceAsStream("/clients/pymemcache_check.py")) {
      Files.copy(in, script);
    }
    List<String> command = new ArrayList<>();
    command.add(python.toString());
    command.add(script.toString());
    command.add("127.0.0.1");
    command.add(Integer.toString(cache.port("memcached")));
    Outcome outcome = run(command);
    assertThat(outcome.output()).contains("all checks passed");
    assertThat(outcome.exitCode()).isZero();
  }
}
