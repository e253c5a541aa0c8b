package dev.tierkit.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@CodecTest
class ErrorResponsesTest {
  private static String wire(FullHttpResponse response) {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
    channel.writeOutbound(response);
    StringBuilder text = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      text.append(out.toString(StandardCharsets.US_ASCII));
      out.release();
    }
    channel.finishAndReleaseAll();
    return text.toString();
  }

  @Test
  void serviceUnavailableLooksLikeHaproxys() {
    String body =
        "<html><body><h1>503 Service Unavailable</h1>\n"
            + "No server is available to handle this request.\n</body></html>\n";
    assertThat(wire(ErrorResponses.of(HttpResponseStatus.SERVICE_UNAVAILABLE, false)))
        .isEqualTo(
            "HTTP/1.1 503 Service Unavailable\r\n"
                + "content-type: text/html\r\n"
                + "cache-control: no-cache\r\n"
                + "content-length: "
                + body.length()
                + "\r\n\r\n"
                + body);
  }

  @Test
  void closeAddsConnectionClose() {
    String wire = wire(ErrorResponses.of(HttpResponseStatus.BAD_REQUEST, true));
    assertThat(wire)
        .startsWith("HTTP/1.1 400 Bad Request\r\n")
        .contains("connection: close\r\n")
        .endsWith(
            "<h1>400 Bad Request</h1>\nYour browser sent an invalid request.\n</body></html>\n");
  }

  @Test
  void everyStatusTheProxySendsHasItsSentence() {
    int[] codes = {400, 405, 408, 413, 414, 431, 501, 502, 504, 505};
    for (int code : codes) {
      FullHttpResponse response = ErrorResponses.of(HttpResponseStatus.valueOf(code), true);
      String body = response.content().toString(StandardCharsets.US_ASCII);
      assertThat(body).contains("<h1>" + code + " ").contains(ErrorResponses.sentence(code));
      assertThat(ErrorResponses.sentence(code)).isNotEmpty();
      assertThat(response.headers().getInt("Content-Length")).isEqualTo(body.length());
      response.release();
    }
  }

  @Test
  void sharedBodySurvivesManyResponsesWrittenAndReleased() {
    for (int i = 0; i < 1000; i++) {
      FullHttpResponse response = ErrorResponses.of(HttpResponseStatus.BAD_GATEWAY, true);
      assertThat(response.content().readableBytes()).isPositive();
      response.release();
    }
    FullHttpResponse first = ErrorResponses.of(HttpResponseStatus.BAD_GATEWAY, true);
    FullHttpResponse second = ErrorResponses.of(HttpResponseStatus.BAD_GATEWAY, true);
    first.content().skipBytes(10);
    assertThat(second.content().readerIndex()).isZero();
    assertThat(wire(second)).contains("The server returned an invalid or incomplete response.");
    first.release();
  }

  @Test
  void uncachedStatusGetsABodyOfItsOwn() {
    FullHttpResponse teapot = ErrorResponses.of(HttpResponseStatus.valueOf(418), false);
    assertThat(teapot.content().toString(StandardCharsets.US_ASCII))
        .startsWith("<html><body><h1>418 ");
    assertThat(wire(teapot)).startsWith("HTTP/1.1 418 ");
  }
}
