package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every purge form, on the edge port and on the admin API. */
class PurgeTest {
  private final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  private TestOrigin origin;
  private EdgeFixture edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin(clock::get);
    for (String p : new String[] {"/static/a.css", "/static/b.css", "/img/logo.png", "/page"}) {
      origin.route(
          p,
          (ex, n) -> {
            ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
            ex.getResponseHeaders()
                .set("Surrogate-Key", p.startsWith("/static") ? "css all" : "all");
            ex.getResponseHeaders().set("ETag", "\"" + p + n + "\"");
            ex.getResponseHeaders().set("Vary", "Accept-Language");
            TestOrigin.text(ex, 200, p + " v" + n);
          });
    }
    edge = EdgeFixture.start(origin, clock);
    for (String p : new String[] {"/static/a.css", "/static/b.css", "/img/logo.png", "/page"}) {
      edge.get(p);
      edge.get(p, "Accept-Language", "fr");
    }
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  private String cache(String path) throws Exception {
    return edge.get(path).headers().firstValue("x-cache").orElseThrow();
  }

  @Test
  void purgeMethodRemovesEveryVariantOfOneUrl() throws Exception {
    HttpResponse<String> r =
        edge.http.send(
            edge.request("/page").method("PURGE", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(cache("/page")).isEqualTo("MISS");
    assertThat(edge.get("/page", "Accept-Language", "fr").headers().firstValue("x-cache"))
        .hasValue("MISS");
    assertThat(cache("/img/logo.png")).isEqualTo("HIT");
  }

  @Test
  void purgeMethodFromOutsideTheAllowListIsRefused() throws Exception {
    edge.close();
    edge =
        EdgeFixture.start(
            origin,
            clock,
            c ->
                new CdnConfig(
                    c.address(),
                    c.origins(),
                    c.balance(),
                    c.originHostHeader(),
                    c.health(),
                    c.ttl(),
                    c.keys(),
                    c.store(),
                    c.limits(),
                    dev.tierkit.common.net.AddressList.parse(
                        "--purge-allow", java.util.List.of("10.0.0.0/8")),
                    java.util.Optional.of("sekret"),
                    c.connectTimeout(),
                    c.originTimeout(),
                    c.clientIdleTimeout(),
                    c.coalesceWait(),
                    c.hitForPass(),
                    c.maxRanges(),
                    c.maxOriginHeaderBytes(),
                    c.viaName()));
    edge.get("/page");
    HttpResponse<String> refused =
        edge.http.send(
            edge.request("/page").method("PURGE", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(cache("/page")).isEqualTo("HIT");
    HttpResponse<String> withToken =
        edge.http.send(
            edge.request("/page")
                .header("Authorization", "Bearer sekret")
                .method("PURGE", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withToken.statusCode()).isEqualTo(200);
    assertThat(cache("/page")).isEqualTo("MISS");
  }

  @Test
  void adminPurgeByUrl() throws Exception {
    int port = edge.port();
    HttpResponse<String> r = edge.adminPost("/purge", "url=http://127.0.0.1:" + port + "/page");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(cache("/page")).isEqualTo("MISS");
    assertThat(cache("/static/a.css")).isEqualTo("HIT");
  }

  @Test
  void adminPurgeByPrefix() throws Exception {
    assertThat(edge.adminPost("/purge", "prefix=/static/").statusCode()).isEqualTo(200);
    assertThat(cache("/static/a.css")).isEqualTo("MISS");
    assertThat(cache("/static/b.css")).isEqualTo("MISS");
    assertThat(cache("/img/logo.png")).isEqualTo("HIT");
    assertThat(cache("/static/a.css")).isEqualTo("HIT");
  }

  @Test
  void adminPurgeByTag() throws Exception {
    assertThat(edge.adminPost("/purge", "tag=css").statusCode()).isEqualTo(200);
    assertThat(cache("/static/a.css")).isEqualTo("MISS");
    assertThat(cache("/static/b.css")).isEqualTo("MISS");
    assertThat(cache("/page")).isEqualTo("HIT");
    assertThat(edge.get("/page").headers().firstValue("surrogate-key")).isEmpty();
  }

  @Test
  void adminPurgeAll() throws Exception {
    assertThat(edge.adminPost("/purge", "all=true").statusCode()).isEqualTo(200);
    for (String p : new String[] {"/static/a.css", "/img/logo.png", "/page"}) {
      assertThat(cache(p)).as(p).isEqualTo("MISS");
    }
  }

  @Test
  void softPurgeMarksStaleSoTheNextRequestRevalidates() throws Exception {
    assertThat(edge.adminPost("/purge", "tag=css&soft=true").statusCode()).isEqualTo(200);
    HttpResponse<String> r = edge.get("/static/a.css");
    assertThat(r.headers().firstValue("x-cache")).hasValue("EXPIRED");
    assertThat(r.body()).isEqualTo("/static/a.css v3");
    assertThat(cache("/static/a.css")).isEqualTo("HIT");
  }

  @Test
  void softPurgedObjectsStillServeStaleIfErrorWhenTheOriginIsDown() throws Exception {
    edge.adminPost("/purge", "prefix=/img/&soft=true");
    edge.close();
    origin.close();
    origin = new TestOrigin(clock::get);
    origin.route(
        "/x",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=3600, stale-if-error=600");
          TestOrigin.text(ex, 200, "x" + n);
        });
    edge = EdgeFixture.start(origin, clock);
    edge.get("/x");
    edge.adminPost("/purge", "url=http://127.0.0.1:" + edge.port() + "/x&soft=true");
    origin.stop();
    clock.advance(Duration.ofSeconds(1));
    HttpResponse<String> r = edge.get("/x");
    assertThat(r.body()).isEqualTo("x1");
    assertThat(r.headers().firstValue("x-cache")).hasValue("STALE");
  }

  @Test
  void aPurgeWithoutATargetIs400() throws Exception {
    assertThat(edge.adminPost("/purge", "soft=true").statusCode()).isEqualTo(400);
  }
}
