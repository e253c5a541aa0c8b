package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.RawHttp;
import dev.tierkit.lb.config.RouteConfig;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy's normal paths against real backends over loopback. */
class HttpProxyTest {
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

  @Test
  void keepAliveConnectionsToBackendsAreReused() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> r = proxy.get("/");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("a");
    }
    assertThat(a.requests.get()).isEqualTo(50);
    assertThat(a.connections.get()).isLessThanOrEqualTo(2);
    assertThat(proxy.log)
        .hasSize(50)
        .allMatch(e -> e.status() == 200 && e.backend().endsWith(":" + a.port()));
  }

  @Test
  void roundRobinSpreadsRequestsOverBackends() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    Map<String, Integer> answered = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> r = proxy.get("/");
      answered.merge(r.body(), 1, Integer::sum);
    }
    assertThat(answered).containsOnlyKeys("a", "b");
    assertThat(answered.get("a")).isBetween(15, 25);
  }

  @Test
  void stickyCookieSendsAClientBackToItsBackend() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).stickyCookie("LB").start();
    HttpResponse<String> first = proxy.get("/");
    String setCookie = first.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).startsWith("LB=").contains("Path=/").contains("HttpOnly");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> r =
          proxy.http.send(
              proxy.request("/").header("Cookie", "x=1; " + cookie).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo(first.body());
      assertThat(r.headers().firstValue("set-cookie")).isEmpty();
    }
  }

  @Test
  void stickyCookieForADisabledBackendIsReplaced() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).stickyCookie("LB").start();
    String cookie =
        "LB=" + dev.tierkit.lb.balance.Pool.stickyValue(proxy.backend("main", a.port()));
    proxy.backend("main", a.port()).setAdminState(dev.tierkit.lb.balance.AdminState.DISABLED);
    HttpResponse<String> r =
        proxy.http.send(
            proxy.request("/").header("Cookie", cookie).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("b");
    assertThat(r.headers().firstValue("set-cookie").orElseThrow())
        .startsWith(
            "LB=" + dev.tierkit.lb.balance.Pool.stickyValue(proxy.backend("main", b.port())));
  }

  @Test
  void largeChunkedAndFixedBodiesStreamBothWaysIntact() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    for (String mode : List.of("", "&chunked")) {
      HttpResponse<byte[]> r =
          proxy.http.send(
              proxy.request("/big?size=5000000" + mode).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).hasSize(5_000_000);
      assertThat(TestBackend.crc(r.body()))
          .isEqualTo(TestBackend.crc(TestBackend.bigBody(5_000_000)));
    }
    byte[] upload = new byte[3_000_000];
    new Random(7).nextBytes(upload);
    // A fixed-length upload (ofByteArray) and a chunked one (an input stream of unknown length).
    HttpResponse<byte[]> fixed =
        proxy.http.send(
            proxy.request("/echo").POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fixed.headers().firstValue("x-body-crc"))
        .contains(Long.toString(TestBackend.crc(upload)));
    assertThat(TestBackend.crc(fixed.body())).isEqualTo(TestBackend.crc(upload));
    HttpResponse<byte[]> chunked =
        proxy.http.send(
            proxy
                .request("/echo")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(upload)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(chunked.headers().firstValue("x-body-length")).contains("3000000");
    assertThat(TestBackend.crc(chunked.body())).isEqualTo(TestBackend.crc(upload));
  }

  @Test
  void expectContinueIsRelayedFromTheBackend() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      RawHttp.Response cont = c.read();
      assertThat(cont.status()).isEqualTo(100);
      c.send("hello");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("hello");
      // The connection is still good for another request.
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("a");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(
          "GET /slow?ms=200 HTTP/1.1\r\nHost: x\r\n\r\n"
              + "GET /headers?n=2 HTTP/1.1\r\nHost: x\r\nX-N: 2\r\n\r\n"
              + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree");
      assertThat(c.read().text()).isEqualTo("slow");
      assertThat(c.read().text()).contains("X-N: 2");
      assertThat(c.read().text()).isEqualTo("three");
    }
  }

  @Test
  void pipeliningPastTheQueueBoundAnswersInOrderThenCloses() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    int sent = HttpProxyHandler.MAX_QUEUED_REQUESTS + 8;
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < sent; i++) {
      burst.append("GET /headers HTTP/1.1\r\nHost: x\r\nX-N: ").append(i).append("\r\n\r\n");
    }
    int answered = 0;
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(burst.toString());
      for (; answered < sent; answered++) {
        RawHttp.Response r;
        try {
          r = c.read();
        } catch (java.io.IOException closed) {
          break;
        }
        assertThat(r.text()).contains("X-N: " + answered + "\n");
      }
    }
    // All of them, when the burst arrived in pieces; else the bound and the one in progress.
    assertThat(answered).isGreaterThanOrEqualTo(HttpProxyHandler.MAX_QUEUED_REQUESTS + 1);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> proxy.runtime.inFlight().count() == 0);
  }

  @Test
  void hopByHopHeadersAreStrippedBothWays() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(
          "GET /headers HTTP/1.1\r\nHost: Example.COM:8080\r\nConnection: keep-alive, X-Private\r\n"
              + "X-Private: secret\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\n"
              + "TE: trailers\r\nUpgrade: h2c\r\nX-Forwarded-For: 203.0.113.9\r\nX-Kept: yes\r\n\r\n");
      RawHttp.Response r = c.read();
      String seen = r.text().toLowerCase(java.util.Locale.ROOT);
      assertThat(seen)
          .doesNotContain("x-private")
          .doesNotContain("keep-alive")
          .doesNotContain("proxy-connection")
          .doesNotContain("te: ")
          .doesNotContain("upgrade")
          .contains("x-kept: yes")
          .contains("host: example.com:8080")
          .contains("x-forwarded-for: 203.0.113.9, 127.0.0.1")
          .contains("x-forwarded-proto: http")
          .contains("x-forwarded-host: example.com:8080");
      // The backend's own hop-by-hop headers (Connection: X-Hop, Keep-Alive) do not reach us.
      assertThat(r.headers()).doesNotContainKeys("x-hop", "keep-alive", "connection");
      assertThat(r.header("x-backend")).isEqualTo("a");
    }
  }

  @Test
  void hostAndPathRoutingPicksThePool() throws Exception {
    proxy =
        ProxyFixture.builder()
            .pool("web", a)
            .pool("api", b)
            .routes(
                new RouteConfig("api.example.com", null, "api"),
                new RouteConfig(null, "/v2/", "api"))
            .start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET / HTTP/1.1\r\nHost: API.example.com:80\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("b");
      c.send("GET /v2/things HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("b");
      c.send("GET /v1/things HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
      assertThat(c.read().text()).isEqualTo("a");
    }
  }

  @Test
  void headAndBodilessStatusesCarryNoBody() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("HEAD /big?size=1000&chunked HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response head = c.read(true);
      assertThat(head.status()).isEqualTo(200);
      c.send("HEAD /big?size=1000 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read(true).header("content-length")).isEqualTo("1000");
      c.send("GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(204);
      c.send("GET /status/304 HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(304);
      // Had any of those carried a body, this answer would be misread.
      c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      RawHttp.Response last = c.read();
      assertThat(last.status()).isEqualTo(200);
      assertThat(last.text()).isEqualTo("a");
    }
  }

  @Test
  void http10ClientGetsAClosedDelimitedBodyForAChunkedAnswer() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET /big?size=70000&chunked HTTP/1.0\r\n\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.header("transfer-encoding")).isNull();
      assertThat(r.body()).hasSize(70000);
    }
  }

  @Test
  void requestsAreCountedInMetrics() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a).start();
    for (int i = 0; i < 3; i++) {
      proxy.get("/");
    }
    String scrape = proxy.metrics.scrape();
    assertThat(scrape).contains("tierkit_lb_http_requests_total{frontend=\"web\",code=\"2xx\"} 3");
    assertThat(proxy.runtime.inFlight().count()).isZero();
  }

  @Test
  void manyClientsAtOnceAllGetAnswers() throws Exception {
    proxy = ProxyFixture.builder().pool("main", a, b).start();
    List<Thread> threads = new ArrayList<>();
    Set<String> errors = java.util.concurrent.ConcurrentHashMap.newKeySet();
    for (int t = 0; t < 4; t++) {
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 100; i++) {
                  try {
                    HttpResponse<String> r = proxy.get("/");
                    if (r.statusCode() != 200) {
                      errors.add("status " + r.statusCode());
                    }
                  } catch (Exception e) {
                    errors.add(e.toString());
                  }
                }
              });
      th.start();
      threads.add(th);
    }
    for (Thread th : threads) {
      th.join(Duration.ofSeconds(10).toMillis());
    }
    assertThat(errors).isEmpty();
    assertThat(new HashSet<>(List.of(a.requests.get() > 0, b.requests.get() > 0)))
        .containsOnly(true);
    assertThat(StandardCharsets.UTF_8).isNotNull();
  }
}
