package dev.tierkit.dist.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.dist.demo.scenario.Scenarios;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar tierkit.jar demo} as a newcomer runs it: the brief tour holds every scenario's
 * claim and exits 0; SIGTERM and SIGINT stop the demo; and afterwards no child process is alive and
 * no port of the topology is bound.
 */
class DemoTourIT {
  private static final Pattern PID = Pattern.compile("\\bpid (\\d+)");
  private static final Pattern ADDRESS = Pattern.compile("(127\\.\\d+\\.\\d+\\.\\d+):(\\d+)");

  private static Path jar;
  private Process demo;

  @BeforeAll
  static void findJar() {
    jar = Paths.get(System.getProperty("tierkit.jar", "target/tierkit.jar"));
    assertThat(jar).exists();
  }

  @AfterEach
  void endTheDemo() throws InterruptedException {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly();
      demo.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process start(Path out, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.add("demo");
    command.addAll(List.of(args));
    demo =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    return demo;
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void theBriefTourHoldsEveryClaimAndLeavesNothingRunning() throws Exception {
    Path out = Files.createTempFile("tierkit-tour", ".txt");
    try {
      Process tour = start(out, "--tour", "--brief", "--admin-port", "0");
      boolean exited = tour.waitFor(8, TimeUnit.MINUTES);
      String output = Files.readString(out, StandardCharsets.UTF_8);
      System.out.println(output);
      assertThat(exited).as("the tour ended on its own").isTrue();
      assertThat(tour.exitValue()).as("exit status; output:%n%s", output).isZero();
      for (String name : Scenarios.names()) {
        assertThat(output).contains("== " + name + ": the claim held");
      }
      assertThat(output).doesNotContain("FAIL  ");
      assertNothingLeft(output);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aSignalStopsEveryChild(String signal) throws Exception {
    Path out = Files.createTempFile("tierkit-demo", ".txt");
    try {
      Process running = start(out, "--admin-port", "0");
      String output = awaitLine(out, running, "Ctrl-C stops everything.", Duration.ofMinutes(2));
      assertThat(pids(output)).hasSizeGreaterThanOrEqualTo(12);
      for (long pid : pids(output)) {
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).hasValue(true);
      }

      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(running.pid()))
              .redirectErrorStream(true)
              .start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("the demo exited").isTrue();
      // The JVM's status after a signal it handled with its shutdown hooks: 128 + the signal.
      assertThat(running.exitValue()).isEqualTo(signal.equals("TERM") ? 143 : 130);
      assertNothingLeft(Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Waits until the demo printed {@code line}; returns its output so far. */
  private static String awaitLine(Path out, Process process, String line, Duration max)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() - deadline < 0) {
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (output.contains(line)) {
        return output;
      }
      assertThat(process.isAlive()).as("the demo is running; output:%n%s", output).isTrue();
      TimeUnit.MILLISECONDS.sleep(200);
    }
    throw new AssertionError(
        "no '" + line + "' within " + max + "; output:\n" + Files.readString(out));
  }

  /** Every child PID the demo printed (at start, and when a scenario restarted one). */
  private static Set<Long> pids(String output) {
    Set<Long> pids = new LinkedHashSet<>();
    Matcher m = PID.matcher(output);
    while (m.find()) {
      pids.add(Long.parseLong(m.group(1)));
    }
    return pids;
  }

  /** No child the demo printed is alive, and every address of its topology can be bound again. */
  private static void assertNothingLeft(String output) throws IOException {
    Set<Long> pids = pids(output);
    assertThat(pids).isNotEmpty();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .as("child pid %d", pid)
          .isNotEqualTo(java.util.Optional.of(true));
    }
    String table = output.substring(0, output.indexOf("starting ("));
    Matcher m = ADDRESS.matcher(table);
    int checked = 0;
    while (m.find()) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getByName(m.group(1)), Integer.parseInt(m.group(2)));
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.setReuseAddress(true);
        tcp.bind(address);
      }
      try (DatagramSocket udp = new DatagramSocket(address)) {
        assertThat(udp.isBound()).isTrue();
      }
      checked++;
    }
    assertThat(checked).as("addresses in the topology table").isGreaterThanOrEqualTo(18);
  }
}
