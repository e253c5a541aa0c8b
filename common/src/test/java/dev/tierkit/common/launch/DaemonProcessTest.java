package dev.tierkit.common.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.common.testing.DaemonProcess;
import dev.tierkit.common.testing.EchoCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the echo daemon as a real child process and stops it with real signals. */
class DaemonProcessTest {
  private DaemonProcess daemon;
  private Process process;
  private List<String> log = List.of();

  @AfterEach
  void killLeftover() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private void start(String... args) throws IOException {
    startWithJvmOptions(List.of(), args);
  }

  private void startWithJvmOptions(List<String> jvmOptions, String... args) throws IOException {
    daemon = DaemonProcess.start(EchoCommand.class, jvmOptions, args);
    process = daemon.process();
    log = daemon.log();
  }

  private int port(String listener) {
    return daemon.port(listener);
  }

  private void signal(String name) throws Exception {
    // bash's builtin kill: present wherever the launcher runs, unlike procps' /bin/kill.
    Process kill =
        new ProcessBuilder("bash", "-c", "kill -s " + name + " " + process.pid()).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  @Test
  void sigtermDrainsTheInFlightRequestAndExitsZero() throws Exception {
    start(
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--admin-port",
        "0",
        "--reply-delay",
        "800ms",
        "--drain-timeout",
        "10s");
    int port = port("echo");
    int adminPort = port("admin");
    HttpResponse<String> ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);

    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("last words\n".getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      Thread.sleep(200); // let the request reach the daemon before the signal
      signal("TERM");
      String reply =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(reply).isEqualTo("last words");
    }
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code, log: %s", log).isZero();
    assertThat(log).anyMatch(l -> l.contains("SIGTERM received"));
  }

  @Test
  void askingForATransportThatCannotRunExitsTwoWithOneLine() throws Exception {
    // Netty's own switch that makes every native transport unavailable.
    startWithJvmOptions(List.of("-Dio.netty.transport.noNative=true"), "--transport", "epoll");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("log: %s", log).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> !log.isEmpty());
    assertThat(log).hasSize(1);
    assertThat(log.get(0)).startsWith("echo: --transport epoll is not available on this machine");
  }

  @Test
  void sigtermWhileStartingStillEndsInACleanShutdown() throws Exception {
    start("--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1", "--start-delay", "3s");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> log.stream().anyMatch(l -> l.contains("event loop threads")));
    signal("TERM");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code, log: %s", log).isZero();
    assertThat(log).anyMatch(l -> l.contains("SIGTERM received"));
    assertThat(log).anyMatch(l -> l.contains("stopped"));
  }

  @Test
  void sigintExitsZero() throws Exception {
    start("--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1");
    port("echo");
    signal("INT");
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code, log: %s", log).isZero();
  }

  @Test
  void sighupOnADaemonWithoutReloadKeepsItRunning() throws Exception {
    start("--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1");
    int port = port("echo");
    signal("HUP");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> log.stream().anyMatch(l -> l.contains("does not support reload")));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write("still here\n".getBytes(StandardCharsets.UTF_8));
      assertThat(
              new BufferedReader(
                      new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                  .readLine())
          .isEqualTo("still here");
    }
    signal("TERM");
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }
}
