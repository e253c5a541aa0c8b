package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.common.testing.RawHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the edge does with clients and origins that break the protocol: it answers with the exact
 * status, sends nothing of a refused request to the origin, never mistakes one response for
 * another, and keeps serving everyone else afterwards.
 */
class HostileInputTest {
  private static final String HOST = "Host: edge.test\r\n";

  private final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  private TestOrigin origin;
  private RawOrigin raw;
  private EdgeFixture edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin(clock::get);
    origin.fixed("/ok", "bystander", "Cache-Control", "no-store");
    origin.fixed("/cached", "cached body", "Cache-Control", "max-age=600");
  }

  @AfterEach
  void stop() throws IOException {
    if (edge != null) {
      edge.close();
    }
    if (raw != null) {
      raw.close();
    }
    origin.close();
  }

  private void startEdge() {
    edge = EdgeFixture.start(origin, clock);
  }

  /** {@code c} with these timeouts and origin header limit. */
  private static CdnConfig tuned(
      CdnConfig c, Duration originTimeout, Duration idle, int maxOriginHeaderBytes) {
    return new CdnConfig(
        c.address(),
        c.origins(),
        c.balance(),
        c.originHostHeader(),
        c.health(),
        c.ttl(),
        c.keys(),
        c.store(),
        c.limits(),
        c.purgeAllow(),
        c.purgeToken(),
        c.connectTimeout(),
        originTimeout,
        idle,
        c.coalesceWait(),
        c.hitForPass(),
        c.maxRanges(),
        maxOriginHeaderBytes,
        c.viaName());
  }

  private void startEdgeInFront(RawOrigin.Script script, Duration originTimeout, int maxHeader)
      throws IOException {
    raw = new RawOrigin(script);
    edge =
        EdgeFixture.start(
            tuned(
                EdgeFixture.config(List.of(raw.url()), null),
                originTimeout,
                Duration.ofSeconds(30),
                maxHeader),
            clock);
  }

  private RawHttp client() throws IOException {
    return new RawHttp(edge.port(), Duration.ofSeconds(5));
  }

  /**
   * Sends {@code request} on a fresh connection and expects {@code status}, then the connection
   * closed, nothing at the origin, and a bystander on another connection served.
   */
  private void refused(String request, int status) throws Exception {
    try (RawHttp c = client()) {
      c.send(request);
      RawHttp.Response r = c.read();
      assertThat(r.status()).as("status for %s", printable(request)).isEqualTo(status);
      assertThat(r.header("connection")).isEqualToIgnoringCase("close");
      assertThat(c.closedByPeer()).as("connection closed after refusal").isTrue();
    }
    assertThat(origin.seen).as("nothing reaches the origin").isEmpty();
    bystanderServed();
  }

  private void bystanderServed() throws Exception {
    try (RawHttp c = client()) {
      c.send("GET /ok HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("bystander");
    }
  }

  private static String printable(String s) {
    String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return shown.replace("\r", "\\r").replace("\n", "\\n");
  }

  // ---- malformed requests ----

  @Test
  void malformedRequestLineIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok\r\n" + HOST + "\r\n", 400);
  }

  @Test
  void headerNameWithSpaceIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "Bad Name: x\r\n\r\n", 400);
  }

  @Test
  void whitespaceBeforeTheColonIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "X-Thing : x\r\n\r\n", 400);
  }

  @Test
  void controlCharacterInHeaderValueIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "X-Thing: a\u0001b\r\n\r\n", 400);
  }

  @Test
  void loneCarriageReturnInHeaderValueIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "X-Thing: a\rb\r\n\r\n", 400);
  }

  @Test
  void bareLineFeedIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\nHost: edge.test\n\n", 400);
  }

  @Test
  void http2PrefaceIsRefusedWith505() throws Exception {
    startEdge();
    refused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505);
  }

  @Test
  void http3VersionIsRefusedWith505() throws Exception {
    startEdge();
    refused("GET /ok HTTP/3.0\r\n" + HOST + "\r\n", 505);
  }

  @Test
  void connectIsRefusedWith405() throws Exception {
    startEdge();
    refused("CONNECT origin.test:443 HTTP/1.1\r\nHost: origin.test:443\r\n\r\n", 405);
  }

  @Test
  void absoluteFormWithUserinfoIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET http://user:pw@edge.test/ok HTTP/1.1\r\n" + HOST + "\r\n", 400);
  }

  @Test
  void missingHostIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n\r\n", 400);
  }

  @Test
  void twoHostFieldsAreRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "Host: other.test\r\n\r\n", 400);
  }

  @Test
  void garbageBytesAreRefusedWith400() throws Exception {
    startEdge();
    StringBuilder junk = new StringBuilder();
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2000; i++) {
      int c = random.nextInt(256);
      // no line ends inside: one junk "request line" with no valid version, whatever else it has
      junk.append(c == '\n' || c == '\r' ? 'x' : (char) c);
    }
    refused(junk.append("\r\n\r\n").toString(), 400);
  }

  // ---- floods ----

  @Test
  void tenThousandHeadersAreRefusedWith431() throws Exception {
    startEdge();
    StringBuilder b = new StringBuilder("GET /ok HTTP/1.1\r\n" + HOST);
    for (int i = 0; i < 10_000; i++) {
      b.append("X-H").append(i).append(": v\r\n");
    }
    refusedAfterFlood(b.append("\r\n").toString(), 431);
  }

  @Test
  void oneHugeHeaderIsRefusedWith431() throws Exception {
    startEdge();
    refusedAfterFlood(
        "GET /ok HTTP/1.1\r\n" + HOST + "X-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n", 431);
  }

  @Test
  void requestLineOverTheLimitIsRefusedWith414() throws Exception {
    startEdge();
    refusedAfterFlood("GET /" + "a".repeat(16 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n", 414);
  }

  /**
   * As {@link #refused}, for a request so large that the edge answers and closes while it is still
   * being written: the write may fail with a reset, the answer is still read.
   */
  private void refusedAfterFlood(String request, int status) throws Exception {
    try (RawHttp c = client()) {
      try {
        c.send(request);
      } catch (IOException e) {
        // the edge closed mid-write; its answer is already in our receive buffer
      }
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(status);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(origin.seen).isEmpty();
    bystanderServed();
  }

  // ---- smuggling ----

  @Test
  void contentLengthWithChunkedIsRefusedWith400() throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n"
            + HOST
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /ok HTTP/1.1\r\n"
            + HOST
            + "\r\n",
        400);
  }

  @Test
  void twoContentLengthsAreRefusedWith400() throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        400);
  }

  @Test
  void twoEqualContentLengthsAreRefusedWith400() throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        400);
  }

  @Test
  void chunkedFollowedByIdentityIsRefusedWith400() throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n"
            + HOST
            + "Transfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        400);
  }

  @Test
  void transferEncodingOtherThanChunkedIsRefusedWith400() throws Exception {
    startEdge();
    refused("POST /ok HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip\r\n\r\nhello", 400);
  }

  @Test
  void obsFoldIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n b\r\n\r\n", 400);
  }

  @Test
  void chunkedBodyWithBadChunkSizeIsRefusedWith400() throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n"
            + HOST
            + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        400);
  }

  // ---- pipelining ----

  @Test
  void threePipelinedGetsAreAnsweredInOrderFromOneFetch() throws Exception {
    startEdge();
    try (RawHttp c = client()) {
      String get = "GET /cached HTTP/1.1\r\n" + HOST + "\r\n";
      c.send(get + get + get);
      List<String> xCache = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RawHttp.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("cached body");
        xCache.add(r.header("x-cache"));
      }
      assertThat(xCache).containsExactly("MISS", "HIT", "HIT");
    }
    assertThat(origin.count("/cached")).isEqualTo(1);
  }

  @Test
  void anHttp10ClientGetsAChunkedOriginBodyCloseDelimited() throws Exception {
    startEdge();
    origin.route(
        "/chunked",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "no-store");
          ex.sendResponseHeaders(200, 0);
          try (java.io.OutputStream out = ex.getResponseBody()) {
            out.write("one-".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            out.write("two".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          }
        });
    try (RawHttp c = client()) {
      c.send("GET /chunked HTTP/1.0\r\nHost: edge\r\n\r\n");
      RawHttp.Response head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("transfer-encoding")).isNull();
      assertThat(head.header("connection")).isEqualToIgnoringCase("close");
      assertThat(new String(c.in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("one-two");
    }
  }

  @Test
  void pipelinedRequestsForDifferentUrlsKeepTheirOrder() throws Exception {
    startEdge();
    origin.fixed("/a", "body a", "Cache-Control", "max-age=600");
    CountDownLatch slow = new CountDownLatch(1);
    origin.route(
        "/slow",
        (ex, n) -> {
          try {
            slow.await(300, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          TestOrigin.text(ex, 200, "slow body");
        });
    try (RawHttp c = client()) {
      c.send(
          "GET /slow HTTP/1.1\r\n"
              + HOST
              + "\r\nGET /a HTTP/1.1\r\n"
              + HOST
              + "\r\nGET /ok HTTP/1.1\r\n"
              + HOST
              + "\r\n");
      assertThat(c.read().text()).isEqualTo("slow body");
      assertThat(c.read().text()).isEqualTo("body a");
      assertThat(c.read().text()).isEqualTo("bystander");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "+5", "0x5", "5 5", "5,5", "99999999999999999999999", ""})
  void unparsableContentLengthIsRefusedWith400(String value) throws Exception {
    startEdge();
    refused("POST /ok HTTP/1.1\r\n" + HOST + "Content-Length: " + value + "\r\n\r\nhello", 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"chunked, chunked", "chunked;x=1", "chunked2"})
  void transferEncodingOtherThanOneChunkedIsRefusedWith400(String value) throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n"
            + HOST
            + "Transfer-Encoding: "
            + value
            + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        400);
  }

  /** RFC 9112 §6.1: chunked is final, so the length is known; the coding before it is not. */
  @ParameterizedTest
  @ValueSource(strings = {"identity, chunked", "gzip, chunked", "gzip,chunked"})
  void unknownCodingBeforeChunkedIsRefusedWith501(String value) throws Exception {
    startEdge();
    refused(
        "POST /ok HTTP/1.1\r\n"
            + HOST
            + "Transfer-Encoding: "
            + value
            + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        501);
  }

  @Test
  void chunkedAloneInAnyCaseIsRelayed() throws Exception {
    startEdge();
    origin.fixed("/upload", "stored");
    try (RawHttp c = client()) {
      c.send(
          "POST /upload HTTP/1.1\r\n"
              + HOST
              + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
    }
    assertThat(origin.count("/upload")).isEqualTo(1);
  }

  @Test
  void emptyHeaderNameIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /ok HTTP/1.1\r\n" + HOST + ": x\r\n\r\n", 400);
  }

  @Test
  void nonAsciiRequestTargetIsRefusedWith400() throws Exception {
    startEdge();
    refused("GET /\u00e9t\u00e9 HTTP/1.1\r\n" + HOST + "\r\n", 400);
  }

  /**
   * However deep a pipeline, what is answered is answered in order, each with its own response; the
   * edge either stops reading (back-pressure) or, when one read holds more than it queues ({@code
   * EdgeHandler.MAX_PIPELINED}), closes the connection, and then serves others as before.
   */
  @Test
  void deepPipelineIsAnsweredInOrderOrCutOffCleanly() throws Exception {
    startEdge();
    origin.route(
        "/echo",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=600");
          TestOrigin.text(ex, 200, ex.getRequestURI().getRawQuery());
        });
    int sent = 1000;
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < sent; i++) {
      burst.append("GET /echo?n=").append(i).append(" HTTP/1.1\r\n").append(HOST).append("\r\n");
    }
    int answered = 0;
    try (RawHttp c = client()) {
      try {
        c.send(burst.toString());
      } catch (IOException e) {
        // closed while still writing
      }
      try {
        while (answered < sent) {
          RawHttp.Response r = c.read();
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.text()).isEqualTo("n=" + answered);
          answered++;
        }
      } catch (IOException e) {
        assertThat(answered).as("cut off: then the connection is gone").isLessThan(sent);
      }
    }
    bystanderServed();
  }

  @Test
  void bytesAnOriginSendsOnAnIdleConnectionAreNeverAnAnswer() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          String body = "answer " + n;
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: "
                  + body.length()
                  + "\r\nCache-Control: no-store\r\n\r\n"
                  + body);
          if (n == 1) {
            // after the response, unasked: a forged second response on the parked connection
            RawOrigin.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nforged");
          }
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("GET /first HTTP/1.1\r\n" + HOST + "\r\n");
      assertThat(c.read().text()).isEqualTo("answer 1");
      await().atMost(Duration.ofSeconds(3)).until(() -> raw.connections.get() == 1);
      c.send("GET /second HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("answer 2");
    }
    assertThat(raw.connections.get())
        .as("the connection that spoke out of turn was dropped")
        .isEqualTo(2);
  }

  @Test
  void connectionNamingContentLengthDoesNotUnframeTheRelayedBody() throws Exception {
    startEdge();
    origin.fixed("/upload", "stored");
    String smuggled = "GET /ok HTTP/1.1\r\n" + HOST + "\r\n";
    try (RawHttp c = client()) {
      c.send(
          "POST /upload HTTP/1.1\r\n"
              + HOST
              + "Connection: content-length, transfer-encoding\r\nContent-Length: "
              + smuggled.length()
              + "\r\n\r\n"
              + smuggled);
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("stored");
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> origin.count("/upload") == 1);
    assertThat(origin.count("/ok")).as("the body never became a request").isZero();
  }

  @Test
  void connectionNamingHostStillSendsAHostToTheOrigin() throws Exception {
    startEdge();
    try (RawHttp c = client()) {
      c.send("GET /ok HTTP/1.1\r\n" + HOST + "Connection: host\r\n\r\n");
      assertThat(c.read().status()).isEqualTo(200);
    }
    assertThat(origin.seen).hasSize(1);
    assertThat(origin.seen.peek().header("Host")).isNotBlank();
  }

  @Test
  void bodyAnOriginSendsWithAHeadResponseIsNotTakenAsTheNextResponse() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          String target = RawOrigin.target(head);
          if (head.startsWith("HEAD ")) {
            RawOrigin.write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: 61\r\nCache-Control: no-store\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nCache-Control: no-store\r\n\r\nforged");
            return true;
          }
          String body = "own answer for " + target;
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: "
                  + body.length()
                  + "\r\nCache-Control: no-store\r\n\r\n"
                  + body);
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("HEAD /head HTTP/1.1\r\n" + HOST + "\r\n");
      assertThat(c.read(true).status()).isEqualTo(200);
      c.send("GET /other HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response next = c.read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).isEqualTo("own answer for /other");
    }
  }

  // ---- origins that lie ----

  @Test
  void originShortOfItsContentLengthCutsTheClientOffAndIsNotStored() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nCache-Control: max-age=600\r\nContent-Length: 1000\r\n\r\n"
                  + "x".repeat(100));
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    for (int attempt = 1; attempt <= 2; attempt++) {
      try (RawHttp c = client()) {
        c.send("GET /short HTTP/1.1\r\n" + HOST + "\r\n");
        RawHttp.Response r = c.readHead();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-length")).isEqualTo("1000");
        byte[] got = c.in.readNBytes(1000);
        assertThat(got.length).as("bytes before the close").isEqualTo(100);
      }
      assertThat(raw.requests()).as("not stored: fetched again").isEqualTo(attempt);
    }
  }

  @Test
  void bytesBeyondTheContentLengthAreNotTakenAsTheNextResponse() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          String target = RawOrigin.target(head);
          if (target.equals("/long")) {
            // 5 bytes promised, then a whole forged response behind them
            RawOrigin.write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: no-store\r\n\r\nhello"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nCache-Control: max-age=600\r\n\r\n"
                    + "forged");
          } else {
            String body = "own answer for " + target;
            RawOrigin.write(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: "
                    + body.length()
                    + "\r\nCache-Control: no-store\r\n\r\n"
                    + body);
          }
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("GET /long HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("hello");
      c.send("GET /other HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response next = c.read();
      assertThat(next.status()).isEqualTo(200);
      assertThat(next.text()).isEqualTo("own answer for /other");
    }
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(raw.heads).hasSize(2));
    assertThat(raw.connections.get()).as("the tainted connection is not reused").isEqualTo(2);
  }

  @Test
  void originHeaderWithInvalidBytesGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out, "HTTP/1.1 200 OK\r\nBad\u0001Name: x\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    assertOriginFailure("/badheader", 502);
  }

  @Test
  void originHeadersOverTheLimitGive502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(8192) + "\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        4096);
    assertOriginFailure("/bigheader", 502);
  }

  @Test
  void malformedOriginStatusLineGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(out, "HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    assertOriginFailure("/badstatus", 502);
  }

  @Test
  void silentOriginGives504WithinTheOriginTimeout() throws Exception {
    startEdgeInFront((head, n, out) -> true, Duration.ofMillis(500), 65536);
    long start = System.nanoTime();
    assertOriginFailure("/silent", 504);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void originThatClosesWithoutAnsweringGives502() throws Exception {
    startEdgeInFront((head, n, out) -> false, Duration.ofSeconds(5), 65536);
    assertOriginFailure("/hangup", 502);
  }

  @Test
  void originControlCharacterInAHeaderValueGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(out, "HTTP/1.1 200 OK\r\nX-V: a\u0000b\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    assertOriginFailure("/nul", 502);
  }

  @Test
  void originBareLineFeedInsideTheHeadGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nX-V: a\nSet-Cookie: forged=1\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    assertOriginFailure("/lf", 502);
  }

  @Test
  void originObsFoldIsForwardedAsOneLineNeverAsALineBreak() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(out, "HTTP/1.1 200 OK\r\nX-V: a\r\n b\r\nContent-Length: 2\r\n\r\nok");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("GET /fold HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("x-v")).isEqualTo("a b");
      assertThat(r.headers()).doesNotContainKey("b");
    }
  }

  @Test
  void originWithTwoDifferentContentLengthsGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 7\r\n\r\nokokok!");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    assertOriginFailure("/twocl", 502);
  }

  @Test
  void originContentLengthWithChunkedGives502() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
                  + "Cache-Control: no-store\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    // RFC 9112 §6.3: both fields "ought to be handled as an error"; a proxy may not guess.
    assertOriginFailure("/clte", 502);
  }

  @Test
  void originChunkedBodyWithBadChunkSizeCutsTheClientOffAndIsNotStored() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nCache-Control: max-age=600\r\n\r\n"
                  + "5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n");
          return false;
        },
        Duration.ofSeconds(5),
        65536);
    for (int attempt = 1; attempt <= 2; attempt++) {
      try (RawHttp c = client()) {
        c.send("GET /badchunk HTTP/1.1\r\n" + HOST + "\r\n");
        RawHttp.Response r;
        try {
          r = c.read();
        } catch (IOException | NumberFormatException e) {
          r = null; // cut off mid-body: what a client must see
        }
        if (r != null) {
          assertThat(r.status()).as("a broken body is never passed off as complete").isEqualTo(502);
        }
      }
      assertThat(raw.requests()).as("not stored: fetched again").isEqualTo(attempt);
    }
  }

  @Test
  void interimResponseFromTheOriginIsNotTakenAsTheAnswer() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                  + "Cache-Control: max-age=600\r\n\r\nfinal");
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("GET /interim HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      while (r.status() == 100) {
        r = c.read();
      }
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.text()).isEqualTo("final");
      c.send("GET /interim HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response again = c.read();
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text()).isEqualTo("final");
    }
  }

  @Test
  void interimResponseOnAPassedRequestIsFollowedByTheFinalAnswer() throws Exception {
    startEdgeInFront(
        (head, n, out) -> {
          RawOrigin.write(
              out,
              "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 7\r\n\r\ncreated");
          return true;
        },
        Duration.ofSeconds(5),
        65536);
    try (RawHttp c = client()) {
      c.send("POST /interim HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n");
      RawHttp.Response r = c.read();
      while (r.status() == 100) {
        r = c.read();
      }
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.text()).isEqualTo("created");
    }
  }

  @Test
  void badRequestInAPipelineIsAnsweredAfterTheOneBeforeItAndEndsTheConnection() throws Exception {
    startEdge();
    try (RawHttp c = client()) {
      c.send(
          "GET /cached HTTP/1.1\r\n"
              + HOST
              + "\r\nGET /ok HTTP/1.1\r\n"
              + HOST
              + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nGET /ok HTTP/1.1\r\n"
              + HOST
              + "\r\n");
      RawHttp.Response first = c.read();
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.text()).isEqualTo("cached body");
      assertThat(c.read().status()).isEqualTo(400);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(origin.count("/ok")).isZero();
  }

  @Test
  void badChunkAfterTheHeadWentToTheOriginClosesBothSides() throws Exception {
    startEdge();
    origin.fixed("/upload", "stored");
    try (RawHttp c = client()) {
      c.send(
          "POST /upload HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      await().atMost(Duration.ofSeconds(3)).until(() -> !origin.seen.isEmpty());
      c.send("zz\r\nworld\r\n0\r\n\r\n");
      try {
        RawHttp.Response r = c.read();
        assertThat(r.status()).isEqualTo(400);
      } catch (IOException e) {
        // closed without an answer: also a refusal
      }
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(origin.count("/upload")).as("the origin never got a whole request").isZero();
    bystanderServed();
  }

  private void assertOriginFailure(String path, int status) throws Exception {
    try (RawHttp c = client()) {
      c.send("GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n");
      RawHttp.Response r = c.read();
      assertThat(r.status()).isEqualTo(status);
    }
    assertThat(raw.requests()).isGreaterThanOrEqualTo(1);
  }

  // ---- slow clients ----

  @Test
  void partialRequestHeadIsClosedAfterTheIdleTimeout() throws Exception {
    edge =
        EdgeFixture.start(
            tuned(
                EdgeFixture.config(List.of(origin.url()), null),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                65536),
            clock);
    try (RawHttp c = client()) {
      c.socket.setSoTimeout(200);
      c.send("GET /ok HTTP/1.1\r\nHost: edge.te");
      long start = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(3))
          .pollDelay(Duration.ZERO)
          .until(() -> readsEndOfStream(c));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
    assertThat(origin.seen).isEmpty();
    bystanderServed();
  }

  @Test
  void headTrickledAByteAtATimeIsClosedAfterTheIdleTimeout() throws Exception {
    edge =
        EdgeFixture.start(
            tuned(
                EdgeFixture.config(List.of(origin.url()), null),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                65536),
            clock);
    String head = "GET /ok HTTP/1.1\r\n" + HOST + "X-Slow: " + "a".repeat(200);
    long start = System.nanoTime();
    boolean cut = false;
    try (RawHttp c = client()) {
      // never idle for the timeout, never done: each byte well inside it
      for (int i = 0; i < head.length() && !cut; i++) {
        try {
          c.send(head.substring(i, i + 1));
          cut = c.closedWithin(Duration.ofMillis(50));
        } catch (IOException e) {
          cut = true;
        }
      }
      assertThat(cut).as("closed before the head was done").isTrue();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(4));
    assertThat(origin.seen).isEmpty();
    bystanderServed();
  }

  @Test
  void requestsInQuickSuccessionOutlastTheHeadDeadline() throws Exception {
    edge =
        EdgeFixture.start(
            tuned(
                EdgeFixture.config(List.of(origin.url()), null),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                65536),
            clock);
    long start = System.nanoTime();
    try (RawHttp c = client()) {
      while (System.nanoTime() - start < Duration.ofMillis(1500).toNanos()) {
        c.send("GET /cached HTTP/1.1\r\n" + HOST + "\r\n");
        assertThat(c.read().status()).isEqualTo(200);
        assertThat(c.closedWithin(Duration.ofMillis(100))).isFalse();
      }
    }
  }

  /** Whether the peer closed: a read returns end of stream or reset (false on a read timeout). */
  private static boolean readsEndOfStream(RawHttp c) throws IOException {
    try {
      int b = c.in.read();
      if (b >= 0) {
        throw new AssertionError("unexpected byte from the edge: " + (char) b);
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
