package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tierkit.dns.geo.HealthState.Force;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {
  private static final Duration FAST = Duration.ofMillis(50);

  /** HTTP probes get more time: the JDK server's first answers can be slow on a busy machine. */
  private static final Duration HTTP_TIMEOUT = Duration.ofMillis(250);

  private static final Duration WAIT = Duration.ofSeconds(5);

  private HealthChecker checker;
  private ServerSocket listener;
  private HttpServer http;

  @AfterEach
  void close() throws IOException {
    if (checker != null) {
      checker.close();
    }
    if (listener != null) {
      listener.close();
    }
    if (http != null) {
      http.stop(0);
    }
  }

  private static HealthCheck check(int id, HealthCheck.Kind kind, String target, Duration timeout) {
    Duration interval = timeout.compareTo(FAST) > 0 ? timeout : FAST;
    return new HealthCheck(id, 0, "dc", "c" + id, kind, target, interval, timeout, 2, 2);
  }

  private static HealthState state(HealthCheck... checks) {
    return new HealthState(List.of("dc"), List.of(checks));
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  @Test
  void checkIsUpBeforeItsFirstProbe() {
    HealthState state = state(check(0, HealthCheck.Kind.TCP, "127.0.0.1:9", FAST));
    assertThat(state.isUp(0)).isTrue();
    assertThat(state.usable(0, new int[] {0})).isTrue();
  }

  @Test
  void stateFlipsOnlyAfterFallFailuresOrRiseSuccessesInARow() {
    HealthCheck check =
        new HealthCheck(0, 0, "dc", "c0", HealthCheck.Kind.TCP, "127.0.0.1:9", FAST, FAST, 3, 2);
    HealthState state = state(check);
    HealthChecker.Thresholds thresholds = new HealthChecker.Thresholds(check, state);

    assertThat(thresholds.record("refused")).isFalse();
    assertThat(thresholds.record(null)).isFalse();
    assertThat(thresholds.record("refused")).isFalse();
    assertThat(state.isUp(0)).as("one failure, a pass, one failure: never two in a row").isTrue();
    assertThat(thresholds.record("refused")).isTrue();
    assertThat(state.isUp(0)).isFalse();

    assertThat(thresholds.record(null)).isFalse();
    assertThat(thresholds.record(null)).isFalse();
    assertThat(thresholds.record("refused")).isFalse();
    assertThat(thresholds.record(null)).isFalse();
    assertThat(thresholds.record(null)).isFalse();
    assertThat(state.isUp(0)).as("a failure restarts the rise count").isFalse();
    assertThat(thresholds.record(null)).isTrue();
    assertThat(state.isUp(0)).isTrue();
  }

  @Test
  void tcpCheckGoesDownWhenTheListenerClosesAndUpWhenItReopens() throws IOException {
    listener = listen(0);
    int port = listener.getLocalPort();
    HealthCheck tcp = check(0, HealthCheck.Kind.TCP, "127.0.0.1:" + port, FAST);
    HealthState state = state(tcp);
    checker = new HealthChecker(List.of(tcp), state).start();

    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> state.isUp(0));
    listener.close();
    await().atMost(WAIT).until(() -> !state.isUp(0));
    listener = listen(port);
    await().atMost(WAIT).until(() -> state.isUp(0));
  }

  @Test
  void httpCheckIsUpOn2xxAndDownOnOtherStatuses() throws IOException {
    AtomicInteger status = new AtomicInteger(200);
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/healthz",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    http.start();
    String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/healthz";
    HealthCheck check = check(0, HealthCheck.Kind.HTTP, url, HTTP_TIMEOUT);
    HealthState state = state(check);
    checker = new HealthChecker(List.of(check), state).start();

    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> state.isUp(0));
    status.set(500);
    await().atMost(WAIT).until(() -> !state.isUp(0));
    status.set(204);
    await().atMost(WAIT).until(() -> state.isUp(0));
  }

  @Test
  void httpCheckOfAPathTheServerLacksIsDown() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.start();
    String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/missing";
    HealthCheck check = check(0, HealthCheck.Kind.HTTP, url, HTTP_TIMEOUT);
    HealthState state = state(check);
    checker = new HealthChecker(List.of(check), state).start();
    await().atMost(WAIT).until(() -> !state.isUp(0));
  }

  @Test
  void closeAbortsAProbeWaitingForAnAnswer() throws IOException {
    // Accepts into its backlog and never answers: the probe blocks on its read.
    listener = listen(0);
    String url = "http://127.0.0.1:" + listener.getLocalPort() + "/";
    Duration long_ = Duration.ofSeconds(30);
    HealthCheck check =
        new HealthCheck(0, 0, "dc", "slow", HealthCheck.Kind.HTTP, url, long_, long_, 2, 2);
    checker = new HealthChecker(List.of(check), state(check)).start();
    await().atMost(WAIT).until(() -> probeThreads() > 0);

    long start = System.nanoTime();
    checker.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    await().atMost(WAIT).until(() -> probeThreads() == 0);
  }

  private static long probeThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("geo-health-") && t.isAlive())
        .count();
  }

  @Test
  void forceOverridesTheChecksUntilCleared() {
    HealthCheck tcp = check(0, HealthCheck.Kind.TCP, "127.0.0.1:9", FAST);
    HealthState state = state(tcp);
    int[] governing = {0};
    state.force("dc", Force.FORCE_DOWN);
    assertThat(state.usable(0, governing)).isFalse();
    assertThat(state.forced(0)).isEqualTo(Force.FORCE_DOWN);
    state.setUp(0, false);
    state.force("dc", Force.FORCE_UP);
    assertThat(state.usable(0, governing)).isTrue();
    assertThat(state.datacenterUp(0)).isTrue();
    state.force("dc", Force.NONE);
    assertThat(state.usable(0, governing)).isFalse();
    assertThat(state.datacenterUp(0)).isFalse();
    assertThatThrownBy(() -> state.force("nowhere", Force.FORCE_UP))
        .hasMessageContaining("unknown data center 'nowhere' (known: dc)");
  }

  @Test
  void reloadKeepsTheStateOfUnchangedChecksAndTheOverrides() {
    HealthCheck same = check(0, HealthCheck.Kind.TCP, "127.0.0.1:1001", FAST);
    HealthCheck moved = check(1, HealthCheck.Kind.TCP, "127.0.0.1:1002", FAST);
    HealthState old = state(same, moved);
    old.setUp(0, false);
    old.setUp(1, false);
    old.force("dc", Force.FORCE_UP);

    // The new config lists the checks the other way round and moves c1 to another port.
    HealthCheck sameAgain =
        new HealthCheck(1, 0, "dc", "c0", HealthCheck.Kind.TCP, "127.0.0.1:1001", FAST, FAST, 2, 2);
    HealthCheck movedAgain =
        new HealthCheck(0, 0, "dc", "c1", HealthCheck.Kind.TCP, "127.0.0.1:2002", FAST, FAST, 2, 2);
    HealthState next = new HealthState(List.of("dc"), List.of(movedAgain, sameAgain));
    next.adopt(old);

    assertThat(next.isUp(sameAgain.id())).isFalse();
    assertThat(next.isUp(movedAgain.id())).isTrue();
    assertThat(next.forced(0)).isEqualTo(Force.FORCE_UP);
  }
}
