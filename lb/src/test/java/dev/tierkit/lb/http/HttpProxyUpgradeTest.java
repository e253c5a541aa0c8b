package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upgrades (WebSocket and any other protocol) pass through as a byte relay after the 101. */
class HttpProxyUpgradeTest {
  private TestBackend a;
  private ProxyFixture proxy;

  @BeforeEach
  void start() throws Exception {
    a = TestBackend.start("a");
    proxy = ProxyFixture.builder().pool("main", a).start();
  }

  @AfterEach
  void stop() {
    proxy.close();
    a.close();
  }

  @Test
  void webSocketHandshakeThenBytesFlowBothWays() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send(
          "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
      RawHttp.Response r = c.readHead();
      assertThat(r.status()).isEqualTo(101);
      assertThat(r.header("upgrade")).isEqualTo("websocket");
      assertThat(r.header("connection")).isEqualToIgnoringCase("upgrade");
      c.send("hello");
      assertThat(new String(c.in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("HELLO");
      String big = "abc".repeat(100_000);
      c.send(big);
      assertThat(new String(c.in.readNBytes(big.length()), StandardCharsets.US_ASCII))
          .isEqualTo(big.toUpperCase(java.util.Locale.ROOT));
    }
    TestBackend.Seen seen = a.seen.peek();
    assertThat(seen.headers().get("upgrade")).isEqualTo("websocket");
    assertThat(seen.headers().get("connection")).isEqualToIgnoringCase("upgrade");
  }

  @Test
  void backendClosingTheRelayClosesTheClient() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port)) {
      c.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: tcp-thing\r\nConnection: upgrade\r\n\r\n");
      assertThat(c.readHead().status()).isEqualTo(101);
      c.send("x");
      assertThat(c.in.readNBytes(1)).containsExactly('X');
      a.kill();
      assertThat(c.closedByPeer()).isTrue();
    }
  }
}
