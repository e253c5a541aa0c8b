package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients' conditionals, ranges and HEAD answered from a stored object. */
class ConditionalsAndRangesTest {
  private static final String BODY = "0123456789abcdefghijklmnopqrstuvwxyz";
  private final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  private TestOrigin origin;
  private EdgeFixture edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin(clock::get);
    origin.fixed(
        "/o",
        BODY,
        "Cache-Control",
        "max-age=600",
        "ETag",
        "\"abc\"",
        "Last-Modified",
        "Tue, 01 Dec 2026 10:00:00 GMT",
        "Content-Type",
        "text/plain");
    edge = EdgeFixture.start(origin, clock);
    edge.get("/o");
  }

  @AfterEach
  void stop() {
    edge.close();
    origin.close();
  }

  @Test
  void ifNoneMatchIsAnswered304FromCache() throws Exception {
    HttpResponse<String> r = edge.get("/o", "If-None-Match", "W/\"x\", \"abc\"");
    assertThat(r.statusCode()).isEqualTo(304);
    assertThat(r.body()).isEmpty();
    assertThat(r.headers().firstValue("etag")).hasValue("\"abc\"");
    assertThat(r.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(origin.count("/o")).isEqualTo(1);
  }

  @Test
  void ifModifiedSinceIsAnswered304FromCache() throws Exception {
    HttpResponse<String> r = edge.get("/o", "If-Modified-Since", "Tue, 01 Dec 2026 11:00:00 GMT");
    assertThat(r.statusCode()).isEqualTo(304);
    HttpResponse<String> older =
        edge.get("/o", "If-Modified-Since", "Tue, 01 Dec 2026 09:00:00 GMT");
    assertThat(older.statusCode()).isEqualTo(200);
    assertThat(older.body()).isEqualTo(BODY);
    assertThat(origin.count("/o")).isEqualTo(1);
  }

  @Test
  void ifMatchThatFailsIs412() throws Exception {
    assertThat(edge.get("/o", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
  }

  @Test
  void singleRangeIs206WithContentRange() throws Exception {
    HttpResponse<String> r = edge.get("/o", "Range", "bytes=10-15");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("abcdef");
    assertThat(r.headers().firstValue("content-range")).hasValue("bytes 10-15/36");
    assertThat(edge.get("/o", "Range", "bytes=-3").body()).isEqualTo("xyz");
    assertThat(origin.count("/o")).isEqualTo(1);
  }

  @Test
  void multipleRangesAreMultipartByteranges() throws Exception {
    HttpResponse<String> r = edge.get("/o", "Range", "bytes=0-1,30-31");
    assertThat(r.statusCode()).isEqualTo(206);
    String type = r.headers().firstValue("content-type").orElseThrow();
    assertThat(type).startsWith("multipart/byteranges; boundary=");
    String boundary = type.substring(type.indexOf('=') + 1);
    assertThat(r.body())
        .isEqualTo(
            "--"
                + boundary
                + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/36\r\n\r\n01"
                + "\r\n--"
                + boundary
                + "\r\nContent-Type: text/plain\r\nContent-Range: bytes 30-31/36\r\n\r\nuv"
                + "\r\n--"
                + boundary
                + "--\r\n");
    assertThat(r.headers().firstValue("content-length"))
        .hasValue(Integer.toString(r.body().length()));
  }

  @Test
  void unsatisfiableRangeIs416() throws Exception {
    HttpResponse<String> r = edge.get("/o", "Range", "bytes=100-200");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(r.headers().firstValue("content-range")).hasValue("bytes */36");
  }

  @Test
  void ifRangeThatDoesNotMatchGetsTheWholeObject() throws Exception {
    HttpResponse<String> r = edge.get("/o", "Range", "bytes=0-1", "If-Range", "\"old\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(BODY);
    HttpResponse<String> match = edge.get("/o", "Range", "bytes=0-1", "If-Range", "\"abc\"");
    assertThat(match.statusCode()).isEqualTo(206);
  }

  @Test
  void rangeOnAMissIsCutFromTheFetchedObject() throws Exception {
    origin.fixed("/fresh", BODY, "Cache-Control", "max-age=600");
    HttpResponse<String> r = edge.get("/fresh", "Range", "bytes=1-3");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.body()).isEqualTo("123");
    assertThat(origin.seen).last().satisfies(s -> assertThat(s.header("Range")).isNull());
  }

  @Test
  void headIsServedFromCacheWithTheLengthOfTheBody() throws Exception {
    HttpResponse<Void> r =
        edge.http.send(
            edge.request("/o").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue("36");
    assertThat(r.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(origin.count("/o")).isEqualTo(1);
  }

  @Test
  void headMissFillsTheStoreWithAGet() throws Exception {
    origin.fixed("/h", BODY, "Cache-Control", "max-age=600");
    HttpResponse<Void> r =
        edge.http.send(
            edge.request("/h").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(origin.seen).last().satisfies(s -> assertThat(s.method()).isEqualTo("GET"));
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(edge.get("/h").headers().firstValue("x-cache")).hasValue("HIT"));
    assertThat(origin.count("/h")).isEqualTo(1);
  }
}
