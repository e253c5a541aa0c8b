package dev.tierkit.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpExpectationFailedEvent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Raw bytes through {@link StrictHttpRequestDecoder}, then {@link RequestValidator}: every request
 * smuggling and framing shape must end in the right status, and well-formed traffic must pass
 * whole, however it is cut.
 */
@CodecTest
class StrictHttpRequestDecoderTest {
  private static final HttpLimits LIMITS = new HttpLimits(1024, 4096, 1000);
  private static final String POST = "POST /p HTTP/1.1\r\nHost: example.com\r\n";

  private EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpRequestDecoder(LIMITS));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  // ---- helpers

  private void feed(String raw) {
    channel.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
  }

  private void feedByteByByte(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      feed(raw.substring(i, i + 1));
    }
  }

  /**
   * Describes and releases everything decoded so far: {@code GET /x} for a request head that the
   * validator passes, {@code 400 ObsFoldException} for one it refuses (with the decoder's cause
   * when there is one), {@code body:abc} for content, {@code end:abc} for last content.
   */
  private List<String> decoded() {
    List<String> result = new ArrayList<>();
    Object message;
    while ((message = channel.readInbound()) != null) {
      try {
        if (message instanceof HttpRequest request) {
          HttpResponseStatus status = RequestValidator.check(request, LIMITS);
          if (status == null) {
            result.add(request.method() + " " + request.uri());
          } else {
            Throwable cause = request.decoderResult().cause();
            result.add(
                status.code() + (cause == null ? "" : " " + cause.getClass().getSimpleName()));
            continue;
          }
        }
        if (message instanceof HttpContent content) {
          String text = content.content().toString(StandardCharsets.ISO_8859_1);
          if (content.decoderResult().isFailure()) {
            result.add("bad chunk " + content.decoderResult().cause().getClass().getSimpleName());
          } else if (message instanceof LastHttpContent) {
            result.add("end:" + text);
          } else {
            result.add("body:" + text);
          }
        }
      } finally {
        ReferenceCountUtil.release(message);
      }
    }
    return result;
  }

  /** The validator's status for the first request in {@code raw}, or 0 when it passes. */
  private int statusOf(String raw) {
    feed(raw);
    List<String> messages = decoded();
    assertThat(messages).isNotEmpty();
    String first = messages.get(0);
    return Character.isDigit(first.charAt(0)) ? Integer.parseInt(first.substring(0, 3)) : 0;
  }

  private static String bodyOf(List<String> messages) {
    StringBuilder body = new StringBuilder();
    for (String m : messages) {
      if (m.startsWith("body:")) {
        body.append(m, 5, m.length());
      } else if (m.startsWith("end:")) {
        body.append(m, 4, m.length());
      }
    }
    return body.toString();
  }

  // ---- well-formed traffic

  @Test
  void requestWithFixedBodyPassesWhole() {
    feed(POST + "Content-Length: 3\r\n\r\nabc");
    assertThat(decoded()).containsExactly("POST /p", "end:abc");
  }

  @Test
  void chunkedRequestPassesWhole() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p", "body:abc", "body:de", "end:");
  }

  @Test
  void headFedAByteAtATimeDecodesLikeOneBuffer() {
    feedByteByByte(POST + "Accept: */*\r\nContent-Length: 5\r\n\r\nhello");
    List<String> messages = decoded();
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(bodyOf(messages)).isEqualTo("hello");
    assertThat(messages.get(messages.size() - 1)).startsWith("end:");
  }

  @Test
  void twoPipelinedRequestsInOneBufferBothPass() {
    feed(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + POST
            + "Content-Length: 2\r\n\r\nhi"
            + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("GET /1", "end:", "POST /p", "end:hi", "GET /3", "end:");
  }

  @Test
  void emptyLinesBeforeARequestAreNotAFold() {
    feed("\r\n\r\nGET /1 HTTP/1.1\r\nHost: a\r\n\r\n\r\n GET /2 HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("GET /1", "end:", "GET /2", "end:");
  }

  @Test
  void fixedBodyWithLineBreakAndSpaceIsNotAFold() {
    feed(POST + "Content-Length: 7\r\n\r\n\r\n x\n\ty" + "GET /n HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p", "end:\r\n x\n\ty", "GET /n", "end:");
  }

  @Test
  void chunkedBodyWithLineBreakAndTabIsNotAFoldEvenByteByByte() {
    feedByteByByte(
        POST
            + "Transfer-Encoding: chunked\r\n\r\n7\r\n\r\n a\n\tb\r\n0\r\n\r\n"
            + "GET /n HTTP/1.1\r\nHost: a\r\n\r\n");
    List<String> messages = decoded();
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(bodyOf(messages.subList(0, messages.indexOf("GET /n")))).isEqualTo("\r\n a\n\tb");
    assertThat(messages).endsWith("GET /n", "end:");
  }

  @Test
  void bodyOfExactlyContentLengthThenTheNextRequest() {
    // A body that looks like a request must stay a body.
    String smuggled = "GET /admin HTTP/1.1\r\nHost: a\r\n\r\n";
    feed(POST + "Content-Length: " + smuggled.length() + "\r\n\r\n" + smuggled);
    assertThat(decoded()).containsExactly("POST /p", "end:" + smuggled);
  }

  // ---- Content-Length and Transfer-Encoding conflicts

  @Test
  void contentLengthThenTransferEncodingIsRefused() {
    assertThat(statusOf(POST + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        .isEqualTo(400);
  }

  @Test
  void transferEncodingThenContentLengthIsRefused() {
    assertThat(statusOf(POST + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n"))
        .isEqualTo(400);
  }

  @Test
  void upperCaseTransferEncodingWithContentLengthIsRefused() {
    assertThat(statusOf(POST + "TRANSFER-ENCODING: CHUNKED\r\ncontent-length: 3\r\n\r\n0\r\n\r\n"))
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Transfer-Encoding : chunked\r\n",
        "Transfer-Encoding\t: chunked\r\n",
        "Transfer-Encoding: chunked, identity\r\n",
        "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n",
        "Transfer-Encoding: identity\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",
        " Transfer-Encoding: chunked\r\n",
      })
  void transferEncodingShapesThatBackendsReadDifferentlyAreRefused(String header) {
    assertThat(statusOf(POST + header + "\r\n0\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void transferEncodingInHttp10IsRefused() {
    assertThat(statusOf("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
        .isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: 3\r\nContent-Length: 3\r\n",
        "Content-Length: 3\r\nContent-Length: 4\r\n",
        "Content-Length: 3,3\r\n",
        "Content-Length: 3, 4\r\n",
        "Content-Length: +3\r\n",
        "Content-Length: -3\r\n",
        "Content-Length: 0x3\r\n",
        "Content-Length: 3a\r\n",
        "Content-Length: \r\n",
        "Content-Length: 99999999999999999999999\r\n",
      })
  void malformedOrRepeatedContentLengthIsRefused(String header) {
    assertThat(statusOf(POST + header + "\r\nabcd")).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Content-Length: 3\r\nContent-Length: 5\r\n",
        "Content-Length: 3\r\nContent-Length: 3\r\n",
        "content-length: 3\r\nCONTENT-LENGTH: 5\r\n",
        "Content-Length: 3\r\nX-A: b\r\nContent-length: 5\r\n",
      })
  void repeatedContentLengthInHttp10IsRefusedToo(String header) {
    // Netty would keep the first value of an HTTP/1.0 request: this is the decoder's own check.
    feed("POST / HTTP/1.0\r\n" + header + "\r\nabcde");
    assertThat(decoded()).containsExactly("400 DuplicateContentLengthException");
  }

  @Test
  void repeatedContentLengthInHttp10FedByteByByteIsRefused() {
    feedByteByByte("POST / HTTP/1.0\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde");
    assertThat(decoded()).containsExactly("400 DuplicateContentLengthException");
  }

  @Test
  void namesThatOnlyStartLikeContentLengthAreNotCounted() {
    feed(
        "POST / HTTP/1.0\r\nContent-Length-X: 9\r\nContent-Lengt: 9\r\nX-Content-Length: 9\r\n"
            + "Content-Length: 2\r\n\r\nok");
    assertThat(decoded()).containsExactly("POST /", "end:ok");
  }

  @Test
  void contentLengthWithSurroundingWhitespaceIsOrdinaryAndFramesTheBody() {
    // Optional whitespace around a field value is legal; the value forwarded is Netty's "3".
    feed(POST + "Content-Length:   3  \r\n\r\nabcGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p", "end:abc", "GET /", "end:");
  }

  @Test
  void contentLengthOverTheBodyLimitIsTooLarge() {
    assertThat(statusOf(POST + "Content-Length: 1001\r\n\r\n")).isEqualTo(413);
  }

  @Test
  void hugeButValidContentLengthIsTooLarge() {
    assertThat(statusOf(POST + "Content-Length: 9223372036854775807\r\n\r\n")).isEqualTo(413);
  }

  @Test
  void contentLengthAtTheBodyLimitPasses() {
    feed(POST + "Content-Length: 1000\r\n\r\n" + "x".repeat(1000));
    List<String> messages = decoded();
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(bodyOf(messages)).hasSize(1000);
  }

  @Test
  void chunkedBodyPastTheLimitFailsWhereItCrossesAndNothingFollows() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n");
    feed("258\r\n" + "a".repeat(600) + "\r\n");
    feed("258\r\n" + "b".repeat(600) + "\r\n0\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n");
    List<String> messages = decoded();
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(messages.get(1)).isEqualTo("body:" + "a".repeat(600));
    assertThat(messages.get(2)).isEqualTo("bad chunk BodyTooLargeException");
  }

  @Test
  void chunkedBodyPastTheLimitFedByteByByteFailsAtTheFirstByteOver() {
    feedByteByByte(POST + "Transfer-Encoding: chunked\r\n\r\n3E9\r\n" + "c".repeat(1001));
    List<String> messages = decoded();
    assertThat(messages).hasSize(1 + 1000 + 1);
    assertThat(messages.get(messages.size() - 1)).isEqualTo("bad chunk BodyTooLargeException");
  }

  @Test
  void chunkedBodyAtTheLimitPasses() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n3E8\r\n" + "d".repeat(1000) + "\r\n0\r\n\r\n");
    List<String> messages = decoded();
    assertThat(bodyOf(messages)).hasSize(1000);
    assertThat(messages.get(messages.size() - 1)).isEqualTo("end:");
  }

  @Test
  void bodyLimitCountsEachRequestOnItsOwn() {
    String request =
        POST + "Transfer-Encoding: chunked\r\n\r\n2BC\r\n" + "e".repeat(700) + "\r\n0\r\n\r\n";
    feed(request + request);
    assertThat(decoded()).filteredOn(m -> m.startsWith("bad")).isEmpty();
  }

  @Test
  void failedContentMapsToItsStatus() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n3E9\r\n" + "f".repeat(1001));
    HttpRequest head = channel.readInbound();
    assertThat(RequestValidator.check(head, LIMITS)).isNull();
    HttpContent content;
    HttpContent last = null;
    while ((content = channel.readInbound()) != null) {
      if (last != null) {
        assertThat(RequestValidator.checkContent(last)).isNull();
        last.release();
      }
      last = content;
    }
    assertThat(RequestValidator.checkContent(last))
        .isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    last.release();
    ReferenceCountUtil.release(head);

    EmbeddedChannel other = new EmbeddedChannel(new StrictHttpRequestDecoder(LIMITS));
    other.writeInbound(
        Unpooled.copiedBuffer(
            POST + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", StandardCharsets.ISO_8859_1));
    ReferenceCountUtil.release(other.readInbound());
    HttpContent broken = other.readInbound();
    assertThat(RequestValidator.checkContent(broken)).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    broken.release();
    other.finishAndReleaseAll();
  }

  // ---- obsolete line folding

  @Test
  void obsFoldIsRefused() {
    feed(POST + "X-A: 1\r\n 2\r\n\r\n");
    assertThat(decoded()).containsExactly("400 ObsFoldException");
  }

  @Test
  void obsFoldWithTabIsRefused() {
    feed(POST + "X-A: 1\r\n\t2\r\n\r\n");
    assertThat(decoded()).containsExactly("400 ObsFoldException");
  }

  @Test
  void foldedTransferEncodingIsRefused() {
    feed(POST + "Transfer-Encoding:\r\n chunked\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(decoded()).hasSize(1).allMatch(m -> m.startsWith("400"));
  }

  @Test
  void foldedContentLengthIsRefused() {
    feed(POST + "Content-Length:\r\n 3\r\n\r\nabc");
    assertThat(decoded()).hasSize(1).allMatch(m -> m.startsWith("400"));
  }

  @Test
  void obsFoldFedByteByByteIsRefused() {
    feedByteByByte(POST + "X-A: 1\r\n 2\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(decoded()).containsExactly("400 ObsFoldException");
  }

  @Test
  void whitespaceBeforeTheFirstHeaderIsRefused() {
    assertThat(statusOf("GET / HTTP/1.1\r\n Host: a\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void foldInTheSecondPipelinedRequestRefusesOnlyThatOne() {
    feed(
        "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /2 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\t2\r\n\r\n"
            + "GET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("GET /1", "end:", "400 ObsFoldException");
  }

  @Test
  void foldInTheSecondPipelinedRequestFedByteByByteRefusesOnlyThatOne() {
    feedByteByByte(
        POST
            + "Content-Length: 4\r\n\r\n\r\n x"
            + "GET /2 HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n");
    List<String> messages = decoded();
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(bodyOf(messages)).isEqualTo("\r\n x");
    assertThat(messages).endsWith("400 ObsFoldException");
  }

  @Test
  void headChecksRestartAfterTheDecoderIsResetForARefusedExpectation() throws Exception {
    feed(POST + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p");
    // What HttpObjectAggregator or an expect-continue handler sends when it answers 417.
    channel.pipeline().fireUserEventTriggered(HttpExpectationFailedEvent.INSTANCE);
    feed("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
    feed("GET /fold HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n");
    assertThat(decoded()).containsExactly("GET /next", "end:", "400 ObsFoldException");
  }

  @Test
  void nothingOfAFoldedRequestNorLaterBytesIsForwarded() {
    feed(POST + "X-A: 1\r\n 2\r\nContent-Length: 5\r\n\r\n");
    feed("hello");
    feed("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded()).containsExactly("400 ObsFoldException");
    channel.finish();
    assertThat(decoded()).isEmpty();
  }

  // ---- invalid characters and line endings

  @ParameterizedTest
  @ValueSource(strings = {"X A: 1", "X\tA: 1", "X\0A: 1", "X-A : 1", ": 1", "X-A 1", "X(A): 1"})
  void badHeaderNamesAreRefused(String line) {
    assertThat(statusOf(POST + line + "\r\n\r\n")).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"X-A: 1\r2", "X-A: 1\0" + "2", "X-A: 1\u00012", "X-A: 1\u007f2"})
  void controlCharactersInValuesAreRefused(String line) {
    assertThat(statusOf(POST + line + "\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void bareLineFeedsAreRefused() {
    assertThat(statusOf("GET / HTTP/1.1\nHost: a\n\n")).isEqualTo(400);
  }

  @Test
  void bareLineFeedAfterAHeaderIsRefused() {
    assertThat(statusOf(POST + "X-A: 1\nContent-Length: 0\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void bareLineFeedAfterAChunkSizeFailsTheChunk() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p", "bad chunk InvalidChunkExtensionException");
  }

  @Test
  void chunkWithoutItsLineEndFailsAndNothingFollows() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(decoded())
        .containsExactly("POST /p", "body:abc", "bad chunk InvalidChunkTerminationException");
  }

  @Test
  void chunkSizeOverflowFails() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\n10000000000000003\r\nabc\r\n0\r\n\r\n");
    List<String> messages = decoded();
    assertThat(messages.get(0)).isEqualTo("POST /p");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1)).startsWith("bad chunk ");
  }

  @Test
  void invalidChunkSizeFails() {
    feed(POST + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    assertThat(decoded()).containsExactly("POST /p", "bad chunk NumberFormatException");
  }

  @Test
  void garbageIsABadRequest() {
    assertThat(
            statusOf("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003 ... \r\n\r\n"))
        .isEqualTo(400);
  }

  @Test
  void connectionClosedInsideTheHeadIsABadRequest() {
    feed("GET / HTTP/1.1\r\nHost: a\r\nX-A:");
    assertThat(decoded()).isEmpty();
    channel.finish();
    assertThat(decoded()).containsExactly("400 PrematureChannelClosureException");
  }

  // ---- limits

  @Test
  void requestLineOverTheLimitIsUriTooLong() {
    assertThat(statusOf("GET /" + "a".repeat(1100) + " HTTP/1.1\r\nHost: a\r\n\r\n"))
        .isEqualTo(414);
  }

  @Test
  void requestLineOverTheLimitFedByteByByteIsUriTooLong() {
    feedByteByByte("GET /" + "a".repeat(1100));
    assertThat(decoded()).containsExactly("414 TooLongHttpLineException");
  }

  @Test
  void headersOverTheLimitAreTooLarge() {
    assertThat(statusOf(POST + "X-Big: " + "b".repeat(4200) + "\r\n\r\n")).isEqualTo(431);
  }

  @Test
  void floodOfTenThousandTinyHeadersIsTooLarge() {
    assertThat(statusOf(POST + "a:b\r\n".repeat(10_000) + "\r\n")).isEqualTo(431);
  }

  // ---- request line and Host

  @Test
  void http11WithoutHostIsRefused() {
    assertThat(statusOf("GET / HTTP/1.1\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void twoHostsAreRefused() {
    assertThat(statusOf("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void hostListIsRefused() {
    assertThat(statusOf("GET / HTTP/1.1\r\nHost: a, b\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void http10WithoutHostPasses() {
    feed("GET / HTTP/1.0\r\n\r\n");
    assertThat(decoded()).containsExactly("GET /", "end:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/3.0"})
  void otherVersionsAreNotSupported(String version) {
    assertThat(statusOf("GET / " + version + "\r\nHost: a\r\n\r\n")).isEqualTo(505);
  }

  @Test
  void http09IsABadRequest() {
    assertThat(statusOf("GET /\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void connectIsNotAllowed() {
    assertThat(statusOf("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
        .isEqualTo(405);
  }

  @Test
  void controlCharacterInTheTargetIsRefused() {
    assertThat(statusOf("GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void spaceInTheTargetIsRefused() {
    assertThat(statusOf("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
  }

  @Test
  void absoluteFormTargetPassesWithItsAuthorityAsHost() {
    feed("GET http://Example.COM:8080/x?y=1 HTTP/1.1\r\nHost: other.example\r\n\r\n");
    HttpRequest request = channel.readInbound();
    assertThat(RequestValidator.check(request, LIMITS)).isNull();
    assertThat(request.uri()).isEqualTo("/x?y=1");
    assertThat(request.headers().getAll("Host")).containsExactly("Example.COM:8080");
    assertThat(RequestValidator.hostOf(request)).isEqualTo("example.com");
    ReferenceCountUtil.release(request);
  }

  @Test
  void asteriskTargetPassesOnlyForOptions() {
    assertThat(statusOf("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n")).isZero();
    assertThat(statusOf("GET * HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(400);
  }
}
