package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.testing.RawHttp;
import dev.tierkit.lb.config.Timeouts;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the proxy does when backends fail, are slow or misbehave, and when clients do. */
class HttpProxyFailureTest {
  private TestBackend a;
  private TestBackend b;
  private ProxyFixture proxy;

  @BeforeEach
  void start() throws Exception {
    a = TestBackend.start("a");
    b = TestBackend.start("b");
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    a.close();
    b.close();
  }

  /** A port nothing listens on (bound once, then released). */
  private static int deadPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Timeouts timeouts(Duration clientHeader, Duration idle, Duration backendResponse) {
    return new Timeouts(
        Duration.ofSeconds(2), clientHeader, idle, Duration.ofSeconds(30), backendResponse);
  }

  @Test
  void killingABackendUnderLoadCausesNoClientErrors() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    Set<String> errors = ConcurrentHashMap.newKeySet();
    AtomicInteger done = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  try {
                    HttpResponse<String> r = proxy.get("/");
                    if (r.statusCode() != 200) {
                      errors.add("status " + r.statusCode() + " " + r.body());
                    }
                  } catch (Exception e) {
                    errors.add(e.toString());
                  }
                  done.incrementAndGet();
                }
              });
      th.start();
      threads.add(th);
    }
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> done.get() >= 300);
    a.kill();
    for (Thread th : threads) {
      th.join(TimeUnit.SECONDS.toMillis(20));
    }
    assertThat(done.get()).isEqualTo(1000);
    assertThat(errors).isEmpty();
    assertThat(b.requests.get()).isGreaterThan(500);
  }

  @Test
  void allBackendsDownAnswers503Fast() throws Exception {
    proxy = ProxyFixture.builder().poolOfPorts("main", deadPort(), deadPort()).start();
    long start = System.nanoTime();
    HttpResponse<String> r = proxy.get("/");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(proxy.log.peek().termination()).isEqualTo("connect-failed");
  }

  @Test
  void refusedConnectIsRetriedOnAnotherBackend() throws Exception {
    proxy = ProxyFixture.builder().poolOfPorts("main", deadPort(), a.port()).start();
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r = proxy.get("/");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a");
    }
    assertThat(proxy.metrics.scrape())
        .containsPattern("tierkit_lb_http_retries_total\\{frontend=\"web\"} [1-9]");
    assertThat(proxy.log).anyMatch(e -> e.retries() == 1);
  }

  @Test
  void backendSendingGarbageGives502() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).retries(0).start();
    assertThat(proxy.get("/garbage").statusCode()).isEqualTo(502);
    // The frontend keeps serving.
    assertThat(proxy.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void backendClosingMidResponseClosesTheClientConnection() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET /truncate HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.readHead().status()).isEqualTo(200);
      byte[] got = c.in.readNBytes(1000);
      assertThat(got.length).isEqualTo(500);
    }
  }

  @Test
  void slowRequestHeadersGet408AndAClose() throws Exception {
    proxy =
        ProxyFixture.builder()
            .pool("main", a)
            .timeouts(
                timeouts(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(5)))
            .start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(408);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(a.requests.get()).isZero();
  }

  @Test
  void idleClientConnectionIsClosedWithoutAnswer() throws Exception {
    proxy =
        ProxyFixture.builder()
            .pool("main", a)
            .timeouts(
                timeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(5)))
            .start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
      assertThat(c.closedByPeer()).isTrue();
    }
  }

  @Test
  void slowBackendGets504() throws Exception {
    proxy =
        ProxyFixture.builder()
            .pool("main", a)
            .timeouts(
                timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300)))
            .start();
    HttpResponse<String> r = proxy.get("/slow?ms=3000");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(proxy.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void oversizedBodiesGet413() throws Exception {
    proxy =
        ProxyFixture.builder().pool("main", a).limits(new HttpLimits(8192, 16384, 1000)).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413);
    }
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(
          "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(100);
      String chunk = "x".repeat(600);
      c.send("258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(413);
    }
  }

  @Test
  void malformedRequestsGetTheirStatusAndAClose() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).limits(new HttpLimits(100, 16384, 1000)).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(
          "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(400);
      assertThat(c.closedByPeer()).isTrue();
    }
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(414);
    }
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(400);
    }
    assertThat(a.requests.get()).isZero();
  }

  @Test
  void requestsWaitForAFreeSlotThenGet503WhenTheWaitRunsOut() throws Exception {
    proxy =
        ProxyFixture.builder()
            .pool("main", a)
            .maxConnections(1, 10, Duration.ofMillis(300))
            .start();
    CompletableFuture<HttpResponse<String>> slow =
        proxy.http.sendAsync(
            proxy.request("/slow?ms=1500").build(), HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.requests.get() == 1);
    HttpResponse<String> waited = proxy.get("/");
    assertThat(waited.statusCode()).isEqualTo(503);
    assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void aWaitingRequestGetsTheSlotWhenItFrees() throws Exception {
    proxy =
        ProxyFixture.builder().pool("main", a).maxConnections(1, 10, Duration.ofSeconds(5)).start();
    CompletableFuture<HttpResponse<String>> slow =
        proxy.http.sendAsync(
            proxy.request("/slow?ms=300").build(), HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.requests.get() == 1);
    HttpResponse<String> waited = proxy.get("/");
    assertThat(waited.statusCode()).isEqualTo(200);
    assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(proxy.backend("main", a.port()).active()).isZero();
  }

  @Test
  void keepAliveConnectionClosedByTheBackendAsItIsReusedIsRetriedOnANewConnection()
      throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      // One request to each backend leaves a parked connection to each.
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      c.read();
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      c.read();
      for (int i = 0; i < 4; i++) {
        c.send("GET /drop-reused HTTP/1.1\r\nHost: x\r\n\r\n");
        RawHttp.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
      }
    }
    assertThat(proxy.log).allMatch(e -> e.status() == 200);
    assertThat(proxy.log).anyMatch(e -> e.retries() > 0);
  }

  @Test
  void idempotentRequestWithABodyIsResentWholeOnANewConnection() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    byte[] body = new byte[10_000];
    new java.util.Random(3).nextBytes(body);
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      c.read();
      c.send("PUT /drop-reused HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n");
      c.out.write(body);
      c.out.flush();
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-body-length")).isEqualTo("10000");
      assertThat(r.header("x-body-crc")).isEqualTo(Long.toString(TestBackend.crc(body)));
    }
    assertThat(a.connections.get()).isEqualTo(2);
  }

  @Test
  void postWithAnIdempotencyKeyIsResentWholeWhenItsConnectionDies() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      c.read();
      c.send(
          "POST /drop-reused HTTP/1.1\r\nHost: x\r\nIdempotency-Key: \"job-7\"\r\n"
              + "Content-Length: 4\r\n\r\nbody");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-body-length")).isEqualTo("4");
    }
    assertThat(a.connections.get()).isEqualTo(2);
  }

  @Test
  void postWithoutAnIdempotencyKeyIsNotResentWhenItsConnectionDies() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      c.read();
      c.send("POST /drop-reused HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody");
      assertThat(c.read().status()).isEqualTo(502);
    }
  }

  @Test
  void postWhoseBodyWasSentIsNotRetried() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("POST /drop HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody");
      assertThat(c.read().status()).isEqualTo(502);
    }
    assertThat(a.requests.get() + b.requests.get()).isEqualTo(1);
  }

  @Test
  void connectionsBeyondThePerClientLimitAreClosed() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).connectionsPerClient(1).start();
    try (RawHttp first = new RawHttp(proxy.port)) {
      // An answer on the first proves it was accepted and counted before the second arrives.
      first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(first.read().status()).isEqualTo(200);
      try (RawHttp second = new RawHttp(proxy.port)) {
        assertThat(second.closedByPeer()).isTrue();
      }
      first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(first.read().status()).isEqualTo(200);
    }
  }

  @Test
  void shutdownWaitsForTheRequestInFlight() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    CompletableFuture<HttpResponse<String>> slow =
        proxy.http.sendAsync(
            proxy.request("/slow?ms=500").build(), HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.requests.get() == 1);
    assertThat(proxy.runtime.inFlight().count()).isEqualTo(1);
    proxy.runtime.close();
    HttpResponse<String> r = slow.get(5, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("connection")).contains("close");
    assertThat(proxy.runtime.inFlight().count()).isZero();
  }
}
