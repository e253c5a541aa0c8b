package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which responses the edge stores and for how long, seen from a client and the origin. */
class FreshnessRulesTest {
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

  private String httpDate(Duration fromNow) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.ofInstant(
            java.time.Instant.ofEpochMilli(clock.get()).plus(fromNow), ZoneOffset.UTC));
  }

  @Test
  void missThenHitFetchesOnce() throws Exception {
    origin.fixed("/a", "hello", "Cache-Control", "max-age=60");
    HttpResponse<String> first = edge.get("/a");
    HttpResponse<String> second = edge.get("/a");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).isEqualTo("hello");
    assertThat(first.headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(second.body()).isEqualTo("hello");
    assertThat(second.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(second.headers().firstValue("age")).isPresent();
    assertThat(second.headers().firstValue("cache-status").orElseThrow())
        .startsWith("tierkit-cdn-edge; hit");
    assertThat(second.headers().firstValue("via").orElseThrow()).contains("1.1 tierkit-cdn-edge");
    assertThat(origin.count("/a")).isEqualTo(1);
  }

  @Test
  void metricsCountEachAnswer() throws Exception {
    origin.fixed("/counted", "x", "Cache-Control", "max-age=60");
    edge.get("/counted");
    edge.get("/counted");
    edge.get("/counted");
    String metrics =
        edge.http
            .send(
                java.net.http.HttpRequest.newBuilder(edge.admin("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .contains("tierkit_cdn_requests_total{cache=\"HIT\"} 2")
        .contains("tierkit_cdn_requests_total{cache=\"MISS\"} 1")
        .contains("tierkit_cdn_origin_requests_total 1")
        .contains("tierkit_cdn_memory_objects 1");
  }

  @Test
  void ageGrowsWithTheClock() throws Exception {
    origin.fixed("/age", "x", "Cache-Control", "max-age=600");
    edge.get("/age");
    clock.advance(Duration.ofSeconds(42));
    assertThat(edge.get("/age").headers().firstValue("age")).hasValue("42");
  }

  @Test
  void maxAgeExpiresAndTheNextRequestRefetches() throws Exception {
    origin.fixed("/m", "x", "Cache-Control", "max-age=10");
    edge.get("/m");
    clock.advance(Duration.ofSeconds(9));
    assertThat(edge.get("/m").headers().firstValue("x-cache")).hasValue("HIT");
    clock.advance(Duration.ofSeconds(2));
    assertThat(edge.get("/m").headers().firstValue("x-cache")).hasValue("EXPIRED");
    assertThat(origin.count("/m")).isEqualTo(2);
  }

  @Test
  void sMaxAgeWinsOverMaxAgeForTheEdge() throws Exception {
    origin.fixed("/s", "x", "Cache-Control", "max-age=1, s-maxage=100");
    edge.get("/s");
    clock.advance(Duration.ofSeconds(50));
    assertThat(edge.get("/s").headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(origin.count("/s")).isEqualTo(1);
  }

  @Test
  void cdnCacheControlWinsOverCacheControl() throws Exception {
    origin.fixed("/c", "x", "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=100");
    edge.get("/c");
    HttpResponse<String> second = edge.get("/c");
    assertThat(second.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(second.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(origin.count("/c")).isEqualTo(1);
  }

  @Test
  void expiresCountsFromDate() throws Exception {
    origin.route(
        "/e",
        (ex, n) -> {
          ex.getResponseHeaders().set("Expires", httpDate(Duration.ofSeconds(30)));
          TestOrigin.text(ex, 200, "x");
        });
    edge.get("/e");
    clock.advance(Duration.ofSeconds(20));
    assertThat(edge.get("/e").headers().firstValue("x-cache")).hasValue("HIT");
    clock.advance(Duration.ofSeconds(11));
    assertThat(edge.get("/e").headers().firstValue("x-cache")).hasValue("EXPIRED");
  }

  @Test
  void noFreshnessInformationGetsTheDefaultTtl() throws Exception {
    origin.fixed("/d", "x");
    edge.get("/d");
    clock.advance(Duration.ofSeconds(119));
    assertThat(edge.get("/d").headers().firstValue("x-cache")).hasValue("HIT");
    clock.advance(Duration.ofSeconds(2));
    assertThat(edge.get("/d").headers().firstValue("x-cache")).hasValue("EXPIRED");
  }

  @Test
  void noStorePrivateAndSetCookieAreNeverServedFromCache() throws Exception {
    origin.fixed("/ns", "x", "Cache-Control", "no-store");
    origin.fixed("/p", "x", "Cache-Control", "private, max-age=60");
    origin.fixed("/sc", "x", "Cache-Control", "max-age=60", "Set-Cookie", "id=1");
    for (String path : List.of("/ns", "/p", "/sc")) {
      edge.get(path);
      HttpResponse<String> again = edge.get(path);
      assertThat(again.headers().firstValue("x-cache")).as(path).hasValue("PASS");
      assertThat(origin.count(path)).as(path).isEqualTo(2);
    }
  }

  @Test
  void noCacheIsStoredButRevalidatedEveryTime() throws Exception {
    origin.route(
        "/nc",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "no-cache");
          ex.getResponseHeaders().set("ETag", "\"v1\"");
          if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
            TestOrigin.text(ex, 304, "");
          } else {
            TestOrigin.text(ex, 200, "body-v1");
          }
        });
    edge.get("/nc");
    HttpResponse<String> second = edge.get("/nc");
    assertThat(second.body()).isEqualTo("body-v1");
    assertThat(second.headers().firstValue("x-cache")).hasValue("EXPIRED");
    assertThat(origin.count("/nc")).isEqualTo(2);
    assertThat(origin.seen)
        .last()
        .satisfies(s -> assertThat(s.header("If-None-Match")).isEqualTo("\"v1\""));
  }

  @Test
  void notModifiedRefreshesTheStoredHeaders() throws Exception {
    origin.route(
        "/r",
        (ex, n) -> {
          // The 304 also lengthens the lifetime, which the refreshed object must follow.
          ex.getResponseHeaders().set("Cache-Control", n == 1 ? "max-age=10" : "max-age=100");
          ex.getResponseHeaders().set("ETag", "\"r\"");
          ex.getResponseHeaders().set("X-Version", Integer.toString(n));
          if (ex.getRequestHeaders().containsKey("If-None-Match")) {
            TestOrigin.text(ex, 304, "");
          } else {
            TestOrigin.text(ex, 200, "stored body");
          }
        });
    edge.get("/r");
    clock.advance(Duration.ofSeconds(11));
    HttpResponse<String> revalidated = edge.get("/r");
    assertThat(revalidated.body()).isEqualTo("stored body");
    assertThat(revalidated.headers().firstValue("x-version")).hasValue("2");
    HttpResponse<String> hit = edge.get("/r");
    assertThat(hit.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(hit.headers().firstValue("x-version")).hasValue("2");
    assertThat(origin.count("/r")).isEqualTo(2);
  }

  @Test
  void authorizationRequestsAreNotServedFromCacheUnlessTheResponseAllowsIt() throws Exception {
    origin.fixed("/auth", "x", "Cache-Control", "max-age=60");
    origin.fixed("/pub", "y", "Cache-Control", "public, max-age=60");
    edge.get("/auth");
    assertThat(edge.get("/auth", "Authorization", "Bearer a").headers().firstValue("x-cache"))
        .hasValue("PASS");
    edge.get("/pub");
    assertThat(edge.get("/pub", "Authorization", "Bearer a").headers().firstValue("x-cache"))
        .hasValue("HIT");
  }

  @Test
  void varyKeepsOneVariantPerRequestHeaderValue() throws Exception {
    origin.route(
        "/v",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=60");
          ex.getResponseHeaders().set("Vary", "Accept-Language");
          TestOrigin.text(ex, 200, "lang=" + ex.getRequestHeaders().getFirst("Accept-Language"));
        });
    assertThat(edge.get("/v", "Accept-Language", "en").body()).isEqualTo("lang=en");
    assertThat(edge.get("/v", "Accept-Language", "fr").body()).isEqualTo("lang=fr");
    HttpResponse<String> en = edge.get("/v", "Accept-Language", "en");
    HttpResponse<String> fr = edge.get("/v", "Accept-Language", "fr");
    assertThat(en.body()).isEqualTo("lang=en");
    assertThat(fr.body()).isEqualTo("lang=fr");
    assertThat(en.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(fr.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(origin.count("/v")).isEqualTo(2);
  }

  @Test
  void varyStarIsNeverStored() throws Exception {
    origin.fixed("/star", "x", "Cache-Control", "max-age=60", "Vary", "*");
    edge.get("/star");
    assertThat(edge.get("/star").headers().firstValue("x-cache")).hasValue("PASS");
    assertThat(origin.count("/star")).isEqualTo(2);
  }

  @Test
  void versionedUrlsAreDistinctObjects() throws Exception {
    origin.route(
        "/app.js",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=31536000, immutable");
          TestOrigin.text(ex, 200, "build " + ex.getRequestURI().getQuery());
        });
    assertThat(edge.get("/app.js?v=1").body()).isEqualTo("build v=1");
    assertThat(edge.get("/app.js?v=2").body()).isEqualTo("build v=2");
    assertThat(edge.get("/app.js?v=1").headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(edge.get("/app.js?v=2").headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(origin.count("/app.js")).isEqualTo(2);
  }

  @Test
  void successfulUnsafeMethodsInvalidateTheUrlAndItsLocation() throws Exception {
    origin.fixed("/item", "v", "Cache-Control", "max-age=60");
    origin.fixed("/other", "o", "Cache-Control", "max-age=60");
    origin.route(
        "/form",
        (ex, n) -> {
          ex.getResponseHeaders().set("Location", "/other");
          TestOrigin.text(ex, 201, "made");
        });
    edge.get("/item");
    edge.get("/other");
    HttpResponse<String> post =
        edge.http.send(
            edge.request("/item")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("data"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.headers().firstValue("x-cache")).hasValue("PASS");
    assertThat(edge.get("/item").headers().firstValue("x-cache")).hasValue("MISS");
    edge.http.send(
        edge.request("/form").POST(java.net.http.HttpRequest.BodyPublishers.ofString("f")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(edge.get("/other").headers().firstValue("x-cache")).hasValue("MISS");
  }
}
