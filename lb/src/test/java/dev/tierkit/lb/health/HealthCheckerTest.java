package dev.tierkit.lb.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.PrometheusTextParser;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import dev.tierkit.lb.Upstream;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.Pool;
import dev.tierkit.lb.balance.RetryBudget;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.HealthCheckConfig;
import dev.tierkit.lb.config.PoolConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class HealthCheckerTest {
  private static final Duration INTERVAL = Duration.ofMillis(50);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private MetricRegistry metrics;
  private DaemonRuntime runtime;
  private HealthChecker checker;
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

  static List<Transport> transports() {
    return Transport.available();
  }

  @BeforeEach
  void start() {
    start(TransportChoice.AUTO);
  }

  /** (Re)starts the runtime and checker on {@code transport}. */
  private void start(TransportChoice transport) {
    stopRuntime();
    metrics = new MetricRegistry();
    runtime =
        DaemonRuntime.start(new RuntimeConfig(transport, 2, Duration.ofSeconds(1), 100), metrics);
    checker = new HealthChecker(runtime, metrics);
  }

  private void stopRuntime() {
    if (checker != null) {
      checker.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  @AfterEach
  void stop() throws Exception {
    stopRuntime();
    for (AutoCloseable resource : resources) {
      resource.close();
    }
  }

  private static HealthCheckConfig check(HealthCheckConfig.Kind kind, int expectStatus) {
    return new HealthCheckConfig(
        kind, "/health", null, expectStatus, INTERVAL, Duration.ofMillis(500), 2, 3);
  }

  private static Upstream upstream(String name, HealthCheckConfig check, Backend... backends) {
    PoolConfig defaults = PoolConfig.of(name, Algorithm.ROUND_ROBIN, List.<BackendConfig>of());
    PoolConfig config =
        new PoolConfig(
            name,
            defaults.algorithm(),
            defaults.hashKey(),
            null,
            List.of(),
            check,
            defaults.ejectAfter(),
            defaults.ejectFor(),
            0,
            defaults.queueSize(),
            defaults.queueTimeout(),
            defaults.retries(),
            defaults.retryBudget(),
            false,
            defaults.virtualNodes(),
            defaults.boundedLoad());
    return new Upstream(
        new Pool(name, Algorithm.ROUND_ROBIN, List.of(backends)), config, new RetryBudget(0.2, 3));
  }

  private double checks(String pool, Backend backend, String result) {
    String key =
        "tierkit_lb_health_checks_total{pool=\""
            + pool
            + "\",backend=\""
            + backend.id()
            + "\",result=\""
            + result
            + "\"}";
    return PrometheusTextParser.parse(metrics.scrape()).getOrDefault(key, 0.0);
  }

  /** A TCP listener that accepts and closes every connection, until closed. */
  private ServerSocket acceptingListener(int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(LOOPBACK, port));
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  // connect is the check; nothing to say
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    resources.add(server);
    return server;
  }

  /** An HTTP backend answering every request with the status in {@code status}. */
  private HttpServer httpBackend(AtomicInteger status, List<String> seen) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 16);
    server.createContext(
        "/",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " host="
                  + exchange.getRequestHeaders().getFirst("Host")
                  + " ua="
                  + exchange.getRequestHeaders().getFirst("User-Agent")
                  + " connection="
                  + exchange.getRequestHeaders().getFirst("Connection"));
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    resources.add(() -> server.stop(0));
    return server;
  }

  @ParameterizedTest
  @MethodSource("transports")
  void tcpCheckTakesAClosedBackendDownAndBringsItBackWhenItListensAgain(Transport transport)
      throws Exception {
    start(TransportChoice.valueOf(transport.name()));
    ServerSocket listener = acceptingListener(0);
    int port = listener.getLocalPort();
    Backend backend = new Backend("127.0.0.1", port, 1, 0);
    checker.update(List.of(upstream("web", check(HealthCheckConfig.Kind.TCP, 200), backend)));

    await().atMost(WAIT).until(() -> checks("web", backend, "pass") >= 3);
    assertThat(backend.healthy()).isTrue();
    assertThat(backend.lastCheck()).startsWith("passed: connected");

    listener.close();
    await().atMost(WAIT).until(() -> !backend.healthy());
    assertThat(checks("web", backend, "fail")).isGreaterThanOrEqualTo(3);
    assertThat(backend.lastCheck()).startsWith("failed: connection refused");

    acceptingListener(port);
    await().atMost(WAIT).until(backend::healthy);
  }

  @Test
  void aBackendTheCheckSeesComeBackIsNoLongerPassivelyEjected() throws Exception {
    ServerSocket listener = acceptingListener(0);
    int port = listener.getLocalPort();
    Backend backend = new Backend("127.0.0.1", port, 1, 0);
    checker.update(List.of(upstream("web", check(HealthCheckConfig.Kind.TCP, 200), backend)));
    await().atMost(WAIT).until(() -> checks("web", backend, "pass") >= 1);

    // A crash: requests fail until passive ejection takes it out for a long time...
    listener.close();
    long now = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      backend.recordFailure(now, 5, Duration.ofMinutes(10).toNanos());
    }
    assertThat(backend.ejected(now)).isTrue();
    await().atMost(WAIT).until(() -> !backend.healthy());

    // ...then it is restarted: once the check passes `rise` times, it takes requests again.
    acceptingListener(port);
    await().atMost(WAIT).until(backend::healthy);
    assertThat(backend.ejected(System.nanoTime())).isFalse();
    assertThat(backend.available(System.nanoTime())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void httpCheckFollowsTheStatusWithFallAndRise(Transport transport) throws Exception {
    start(TransportChoice.valueOf(transport.name()));
    AtomicInteger status = new AtomicInteger(200);
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = httpBackend(status, seen);
    Backend backend = new Backend("127.0.0.1", server.getAddress().getPort(), 1, 0);
    checker.update(List.of(upstream("api", check(HealthCheckConfig.Kind.HTTP, 200), backend)));

    await().atMost(WAIT).until(() -> checks("api", backend, "pass") >= 2);
    assertThat(seen.get(0))
        .isEqualTo(
            "GET /health host="
                + backend.id()
                + " ua="
                + HealthChecker.USER_AGENT
                + " connection=close");
    assertThat(backend.lastCheck()).startsWith("passed: HTTP 200");

    status.set(500);
    await().atMost(WAIT).until(() -> !backend.healthy());
    assertThat(checks("api", backend, "fail")).isGreaterThanOrEqualTo(3);
    assertThat(backend.lastCheck()).startsWith("failed: HTTP 500, expected 200");

    double failsBeforeRecovery = checks("api", backend, "fail");
    status.set(200);
    await().atMost(WAIT).until(backend::healthy);
    assertThat(checks("api", backend, "pass")).isGreaterThanOrEqualTo(4);
    // Only a check already answered 500 when the status changed may still count as failed.
    assertThat(checks("api", backend, "fail")).isLessThanOrEqualTo(failsBeforeRecovery + 1);
  }

  @Test
  void transitionsAreLoggedOnceWithTheReasonAndTheCount() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(HealthChecker.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level previous = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    resources.add(
        () -> {
          logger.detachAppender(appender);
          logger.setAdditive(true);
          logger.setLevel(previous);
        });
    AtomicInteger status = new AtomicInteger(503);
    HttpServer server = httpBackend(status, new CopyOnWriteArrayList<>());
    Backend backend = new Backend("127.0.0.1", server.getAddress().getPort(), 1, 0);
    checker.update(List.of(upstream("api", check(HealthCheckConfig.Kind.HTTP, 200), backend)));
    await().atMost(WAIT).until(() -> !backend.healthy());
    status.set(200);
    await().atMost(WAIT).until(backend::healthy);
    assertThat(appender.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "pool api backend "
                + backend.id()
                + " is DOWN: HTTP 503, expected 200 (3 failed checks)",
            "pool api backend " + backend.id() + " is UP: HTTP 200 (2 passed checks)");
  }

  @Test
  void expectStatusZeroAcceptsRedirectsAndRejectsClientErrors() throws Exception {
    AtomicInteger status = new AtomicInteger(302);
    HttpServer server = httpBackend(status, new CopyOnWriteArrayList<>());
    Backend backend = new Backend("127.0.0.1", server.getAddress().getPort(), 1, 0);
    checker.update(List.of(upstream("any", check(HealthCheckConfig.Kind.HTTP, 0), backend)));
    await().atMost(WAIT).until(() -> checks("any", backend, "pass") >= 3);
    assertThat(backend.healthy()).isTrue();
    status.set(404);
    await().atMost(WAIT).until(() -> !backend.healthy());
    assertThat(backend.lastCheck()).startsWith("failed: HTTP 404");
  }

  @Test
  void configuredHostHeaderIsSent() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = httpBackend(new AtomicInteger(204), seen);
    Backend backend = new Backend("127.0.0.1", server.getAddress().getPort(), 1, 0);
    HealthCheckConfig config =
        new HealthCheckConfig(
            HealthCheckConfig.Kind.HTTP,
            "/ready?deep=1",
            "app.example",
            204,
            INTERVAL,
            Duration.ofMillis(500),
            2,
            3);
    checker.update(List.of(upstream("api", config, backend)));
    await().atMost(WAIT).until(() -> !seen.isEmpty());
    assertThat(seen.get(0)).startsWith("GET /ready?deep=1 host=app.example ");
    await().atMost(WAIT).until(() -> checks("api", backend, "pass") >= 1);
  }

  @Test
  void backendThatAcceptsButNeverAnswersFailsOnTheTimeout() throws Exception {
    ServerSocket silent = new ServerSocket(0, 50, LOOPBACK);
    resources.add(silent);
    List<Socket> held = new CopyOnWriteArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = silent.accept();
                  held.add(s);
                  resources.add(s);
                }
              } catch (IOException e) {
                // closed by the test
              }
            },
            "test-silent-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    Backend backend = new Backend("127.0.0.1", silent.getLocalPort(), 1, 0);
    HealthCheckConfig config =
        new HealthCheckConfig(
            HealthCheckConfig.Kind.HTTP, "/", null, 200, INTERVAL, Duration.ofMillis(100), 1, 2);
    checker.update(List.of(upstream("slow", config, backend)));
    await().atMost(WAIT).until(() -> !backend.healthy());
    assertThat(backend.lastCheck()).startsWith("failed: timed out after 100 ms");
    // each timed-out check closed its connection
    await().atMost(WAIT).until(() -> held.stream().filter(s -> readsEof(s)).count() >= 2);
  }

  private static boolean readsEof(Socket s) {
    try {
      s.setSoTimeout(1);
      InputStream in = s.getInputStream();
      while (true) {
        int b = in.read();
        if (b < 0) {
          return true;
        }
      }
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void backendThatClosesWithoutAnsweringFails() throws Exception {
    ServerSocket listener = acceptingListener(0);
    Backend backend = new Backend("127.0.0.1", listener.getLocalPort(), 1, 0);
    checker.update(List.of(upstream("rude", check(HealthCheckConfig.Kind.HTTP, 200), backend)));
    await().atMost(WAIT).until(() -> !backend.healthy());
    assertThat(backend.lastCheck()).startsWith("failed: ");
  }

  @Test
  void updateKeepsStateOfBackendsStillPresentAndStopsTheOthers() throws Exception {
    ServerSocket closed = new ServerSocket(0, 50, LOOPBACK);
    int deadPort = closed.getLocalPort();
    closed.close();
    Backend dead = new Backend("127.0.0.1", deadPort, 1, 0);
    ServerSocket listener = acceptingListener(0);
    Backend alive = new Backend("127.0.0.1", listener.getLocalPort(), 1, 0);
    Upstream web = upstream("web", check(HealthCheckConfig.Kind.TCP, 200), dead, alive);
    checker.update(List.of(web));
    await().atMost(WAIT).until(() -> !dead.healthy());
    assertThat(checker.checked()).isEqualTo(2);

    // A reload with the same pool: the dead backend stays down, it is not trusted afresh.
    double failed = checks("web", dead, "fail");
    checker.update(List.of(web));
    assertThat(dead.healthy()).isFalse();
    await().atMost(WAIT).until(() -> checks("web", dead, "fail") > failed);
    assertThat(dead.healthy()).isFalse();

    // The pool turns checks off: nothing is checked and nothing is kept out.
    Upstream unchecked =
        new Upstream(
            web.pool(), PoolConfig.of("web", Algorithm.ROUND_ROBIN, List.of()), web.retryBudget());
    checker.update(List.of(unchecked));
    assertThat(checker.checked()).isZero();
    assertThat(dead.healthy()).isTrue();
    assertThat(dead.lastCheck()).isEqualTo("not checked");
    double passed = checks("web", alive, "pass");
    // At most the check in flight at the update is still counted.
    await()
        .during(INTERVAL.multipliedBy(4))
        .atMost(WAIT)
        .until(() -> checks("web", alive, "pass") <= passed + 1);
  }

  @Test
  void backendAddedAtRuntimeIsCheckedOnTheNextUpdate() throws Exception {
    ServerSocket listener = acceptingListener(0);
    Upstream web = upstream("web", check(HealthCheckConfig.Kind.TCP, 200));
    checker.update(List.of(web));
    assertThat(checker.checked()).isZero();
    Backend added = new Backend("127.0.0.1", listener.getLocalPort(), 1, 0);
    web.pool().add(added);
    checker.update(List.of(web));
    await().atMost(WAIT).until(() -> checks("web", added, "pass") >= 1);
  }

  @Test
  void hostNameIsResolvedAndChecked() throws Exception {
    ServerSocket listener = acceptingListener(0);
    Backend backend = new Backend("localhost", listener.getLocalPort(), 1, 0);
    checker.update(List.of(upstream("named", check(HealthCheckConfig.Kind.TCP, 200), backend)));
    await().atMost(WAIT).until(() -> checks("named", backend, "pass") >= 1);
  }
}
