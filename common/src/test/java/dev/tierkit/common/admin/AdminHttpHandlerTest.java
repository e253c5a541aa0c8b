package dev.tierkit.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CodecTest
class AdminHttpHandlerTest {
  private EmbeddedChannel channel;

  @BeforeEach
  void setUp() {
    AdminRoutes routes = new AdminRoutes();
    routes.get("/healthz", request -> AdminResponse.ok("ok"));
    routes.post("/echo", request -> AdminResponse.ok("got " + request.body()));
    AdminAuth auth =
        new AdminAuth(
            new AdminConfig(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), true));
    channel =
        new EmbeddedChannel(
            new HttpServerCodec(4096, 8192, 8192),
            new HttpObjectAggregator(64),
            new AdminHttpHandler(routes, auth));
  }

  @AfterEach
  void tearDown() {
    channel.finishAndReleaseAll();
  }

  private void feed(String raw, int chunk) {
    byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < bytes.length && channel.isOpen(); i += chunk) {
      channel.writeInbound(Unpooled.copiedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
  }

  private String readOutbound() {
    StringBuilder out = new StringBuilder();
    ByteBuf buf;
    while ((buf = channel.readOutbound()) != null) {
      out.append(buf.toString(StandardCharsets.ISO_8859_1));
      buf.release();
    }
    return out.toString();
  }

  @Test
  void requestFedAFewBytesAtATimeIsAnswered() {
    feed("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 3);
    String response = readOutbound();
    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nok\n");
  }

  @Test
  void twoPipelinedRequestsInOneBufferAreBothAnsweredInOrder() {
    feed(
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        4096);
    String response = readOutbound();
    assertThat(response.indexOf("ok\n")).isLessThan(response.indexOf("got hello"));
    assertThat(response.split("HTTP/1.1 200 OK", -1)).hasSize(3);
  }

  @Test
  void garbageGets400AndTheConnectionCloses() {
    feed("\u0001\u0002 not http at all\r\n\r\n", 4096);
    assertThat(readOutbound()).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void bodyOverTheLimitGets413() {
    feed("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", 4096);
    assertThat(readOutbound()).startsWith("HTTP/1.1 413 Request Entity Too Large");
  }

  @Test
  void overlongRequestLineIsRejected() {
    feed("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", 4096);
    assertThat(readOutbound()).startsWith("HTTP/1.1 400 Bad Request");
    assertThat(channel.isOpen()).isFalse();
  }
}
