package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One origin fetch for many clients, and serving stale when the origin is slow or down. */
class CoalescingAndStaleTest {
  private final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  private TestOrigin origin;
  private EdgeFixture edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin(clock::get);
    edge = EdgeFixture.start(origin, clock);
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private List<HttpResponse<String>> concurrently(int n, String path) {
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(
          edge.http.sendAsync(edge.request(path).build(), HttpResponse.BodyHandlers.ofString()));
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  @Test
  void hundredConcurrentMissesMakeOneOriginFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    String body = "x".repeat(200_000);
    origin.route(
        "/herd",
        (ex, n) -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          ex.getResponseHeaders().set("Cache-Control", "max-age=60");
          TestOrigin.text(ex, 200, body);
        });
    CompletableFuture<List<HttpResponse<String>>> responses =
        CompletableFuture.supplyAsync(() -> concurrently(100, "/herd"));
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.count("/herd") == 1);
    Thread.sleep(300); // let the rest of the herd arrive behind the first fetch
    release.countDown();
    List<HttpResponse<String>> all = responses.get(20, TimeUnit.SECONDS);
    assertThat(all).hasSize(100).allSatisfy(r -> assertThat(r.body()).isEqualTo(body));
    assertThat(origin.count("/herd")).isEqualTo(1);
  }

  @Test
  void anUncacheableResponseMakesTheUrlHitForPass() throws Exception {
    origin.fixed("/private", "p", "Cache-Control", "private");
    edge.get("/private");
    List<HttpResponse<String>> all = concurrently(10, "/private");
    assertThat(all).allSatisfy(r -> assertThat(r.headers().firstValue("x-cache")).hasValue("PASS"));
    assertThat(origin.count("/private")).isEqualTo(11);
  }

  @Test
  void staleWhileRevalidateServesStaleAndRefreshesInTheBackground() throws Exception {
    origin.route(
        "/swr",
        (ex, n) -> {
          ex.getResponseHeaders()
              .set(
                  "Cache-Control", n == 1 ? "max-age=1, stale-while-revalidate=60" : "max-age=600");
          TestOrigin.text(ex, 200, "version " + n);
        });
    edge.get("/swr");
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<String> stale = edge.get("/swr");
    assertThat(stale.body()).isEqualTo("version 1");
    assertThat(stale.headers().firstValue("x-cache")).hasValue("STALE");
    await().atMost(Duration.ofSeconds(5)).until(() -> origin.count("/swr") == 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(edge.get("/swr").body()).isEqualTo("version 2"));
    assertThat(origin.count("/swr")).isEqualTo(2);
  }

  @Test
  void staleIfErrorServesTheStaleCopyWhenTheOriginIsDown() throws Exception {
    origin.fixed("/sie", "kept", "Cache-Control", "max-age=1, stale-if-error=300");
    edge.get("/sie");
    origin.stop();
    clock.advance(Duration.ofSeconds(10));
    HttpResponse<String> r = edge.get("/sie");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("kept");
    assertThat(r.headers().firstValue("x-cache")).hasValue("STALE");
    assertThat(r.headers().firstValue("cache-status").orElseThrow()).contains("stale-if-error");
    assertThat(r.headers().firstValue("warning")).isEmpty();
  }

  @Test
  void staleIfErrorServesTheStaleCopyWhenTheOriginAnswers5xx() throws Exception {
    origin.route(
        "/five",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=1, stale-if-error=300");
          TestOrigin.text(ex, n == 1 ? 200 : 503, n == 1 ? "good" : "down");
        });
    edge.get("/five");
    clock.advance(Duration.ofSeconds(10));
    HttpResponse<String> r = edge.get("/five");
    assertThat(r.body()).isEqualTo("good");
    assertThat(r.headers().firstValue("x-cache")).hasValue("STALE");
  }

  @Test
  void mustRevalidateIsNeverServedStaleEvenWhenTheOriginIsDown() throws Exception {
    origin.fixed("/mr", "x", "Cache-Control", "max-age=1, must-revalidate, stale-if-error=300");
    edge.get("/mr");
    origin.stop();
    clock.advance(Duration.ofSeconds(10));
    HttpResponse<String> r = edge.get("/mr");
    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).doesNotContain("x");
  }

  @Test
  void beyondStaleIfErrorTheOriginsFailureShows() throws Exception {
    origin.fixed("/gone", "x", "Cache-Control", "max-age=1, stale-if-error=5");
    edge.get("/gone");
    origin.stop();
    clock.advance(Duration.ofSeconds(30));
    assertThat(edge.get("/gone").statusCode()).isEqualTo(502);
  }

  @Test
  void anOriginFailingItsHealthChecksIsSkipped() throws Exception {
    TestOrigin backup = new TestOrigin(clock::get);
    try (backup) {
      origin.fixed("/health", "sick");
      origin.route("/health", (ex, n) -> TestOrigin.text(ex, 500, "sick"));
      origin.fixed("/page", "from primary", "Cache-Control", "no-store");
      backup.fixed("/health", "ok");
      backup.fixed("/page", "from backup", "Cache-Control", "no-store");
      edge.close();
      CdnConfig c = EdgeFixture.config(List.of(origin.url(), backup.url()), null);
      edge =
          EdgeFixture.start(
              new CdnConfig(
                  c.address(),
                  c.origins(),
                  c.balance(),
                  c.originHostHeader(),
                  new dev.tierkit.cdn.origin.HealthCheck(
                      "/health", Duration.ofMillis(100), Duration.ofSeconds(1), 2, 2),
                  c.ttl(),
                  c.keys(),
                  c.store(),
                  c.limits(),
                  c.purgeAllow(),
                  c.purgeToken(),
                  c.connectTimeout(),
                  c.originTimeout(),
                  c.clientIdleTimeout(),
                  c.coalesceWait(),
                  c.hitForPass(),
                  c.maxRanges(),
                  c.maxOriginHeaderBytes(),
                  c.viaName()),
              clock);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(edge.get("/page").body()).isEqualTo("from backup"));
      int before = origin.count("/page");
      for (int i = 0; i < 5; i++) {
        assertThat(edge.get("/page").body()).isEqualTo("from backup");
      }
      assertThat(origin.count("/page")).isEqualTo(before);
      HttpResponse<String> status =
          edge.http.send(
              java.net.http.HttpRequest.newBuilder(edge.admin("/origins")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(status.body()).contains("\"healthy\":false").contains("\"healthy\":true");
    }
  }

  @Test
  void aSecondOriginTakesOverWhenTheFirstRefuses() throws Exception {
    TestOrigin backup = new TestOrigin(clock::get);
    try (backup) {
      backup.fixed("/f", "from backup", "Cache-Control", "max-age=60");
      String first = origin.url();
      origin.stop();
      edge.close();
      edge = EdgeFixture.start(EdgeFixture.config(List.of(first, backup.url()), null), clock);
      HttpResponse<String> r = edge.get("/f");
      assertThat(r.body()).isEqualTo("from backup");
    }
  }
}
