package dev.tierkit.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Runs the packaged {@code tierkit.jar} as users do: {@code java -jar}. */
class TierkitJarIT {
  private static Path jar;

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void findJar() {
    jar = Paths.get(System.getProperty("tierkit.jar", "target/tierkit.jar"));
    assertThat(jar).exists();
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("tierkit-out", ".txt");
    Path err = Files.createTempFile("tierkit-err", ".txt");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void versionPrintsTierkitNettyAndJava() throws Exception {
    Result result = run("--version");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out().lines().toList())
        .hasSize(3)
        .satisfies(lines -> assertThat(lines.get(0)).matches("tierkit \\d+\\.\\d+\\.\\d+.*"))
        .satisfies(lines -> assertThat(lines.get(1)).startsWith("Netty 4.2."))
        .satisfies(lines -> assertThat(lines.get(2)).startsWith("Java "));
    assertThat(result.err()).isEmpty();
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result result = run("--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "Usage: tierkit",
            "cache-server",
            "cdn-edge",
            "dns-geo",
            "lb",
            "mq-broker",
            "transports",
            "help");
  }

  @Test
  void cacheServerHelpShowsMemcachedFlags() throws Exception {
    Result result = run("cache-server", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("-m, --memory-mb", "-I, --max-item-size", "--eviction");
  }

  @Test
  void cdnEdgeHelpShowsCachingFlags() throws Exception {
    Result result = run("cdn-edge", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("--origin", "--memory-mb", "--disk-dir", "--max-object-size", "--purge-allow");
  }

  @Test
  void lbHelpShowsBalancerFlags() throws Exception {
    Result result = run("lb", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--backend", "--algorithm", "--health-check", "--mode");
  }

  @Test
  void mqBrokerHelpShowsDurabilityFlags() throws Exception {
    Result result = run("mq-broker", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--data-dir", "--fsync", "--queue-memory-limit", "--user");
  }

  @Test
  void unknownOptionExitsTwoWithOneLine() throws Exception {
    Result result = run("--bogus");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).hasSize(1);
    assertThat(result.err()).contains("--bogus");
  }

  @Test
  void noCommandPrintsUsageAndExitsTwo() throws Exception {
    Result result = run();
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Usage: tierkit");
  }

  @Test
  void transportsShowsNioAlwaysAvailableAndWhatAutoPicks() throws Exception {
    Result result = run("transports");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsPattern("(?m)^nio +available");
    assertThat(result.out()).contains("(auto picks this)");
    assertThat(result.err()).doesNotContain("WARNING");
  }
}
