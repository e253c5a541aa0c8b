package dev.tierkit.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The client-side response encoder: framing of answers to HEAD and of 101. */
@CodecTest
class ClientResponseEncoderTest {
  private static String drain(EmbeddedChannel ch) {
    StringBuilder out = new StringBuilder();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out.toString();
  }

  private static HttpResponse chunked(HttpResponseStatus status) {
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    HttpUtil.setTransferEncodingChunked(r, true);
    return r;
  }

  @Test
  void chunkedAnswerToHeadGetsNoTerminatingChunk() {
    ClientResponseEncoder encoder = new ClientResponseEncoder();
    EmbeddedChannel ch = new EmbeddedChannel(encoder);
    encoder.answeringHead(true);
    ch.writeOutbound(chunked(HttpResponseStatus.OK), LastHttpContent.EMPTY_LAST_CONTENT);
    String head = drain(ch);
    assertThat(head)
        .startsWith("HTTP/1.1 200 OK\r\n")
        .endsWith("\r\n\r\n")
        .doesNotContain("\r\n0\r\n");
    assertThat(head).contains("transfer-encoding: chunked");

    // The next answer on the connection is a GET's: it is chunked on the wire.
    encoder.answeringHead(false);
    ch.writeOutbound(
        chunked(HttpResponseStatus.OK),
        new DefaultHttpContent(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)),
        LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(drain(ch)).endsWith("\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void switchingProtocolsCarriesNoBodyAndNoFraming() {
    ClientResponseEncoder encoder = new ClientResponseEncoder();
    EmbeddedChannel ch = new EmbeddedChannel(encoder);
    HttpResponse up =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    up.headers()
        .set(HttpHeaderNames.UPGRADE, "websocket")
        .set(HttpHeaderNames.CONNECTION, "upgrade");
    ch.writeOutbound(up, LastHttpContent.EMPTY_LAST_CONTENT);
    String out = drain(ch);
    assertThat(out).startsWith("HTTP/1.1 101 Switching Protocols\r\n").endsWith("\r\n\r\n");
    assertThat(out).doesNotContain("content-length").doesNotContain("transfer-encoding");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }
}
