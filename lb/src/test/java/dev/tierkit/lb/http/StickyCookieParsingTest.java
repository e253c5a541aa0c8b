package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** Finding the sticky (or hash-key) cookie in a request's Cookie headers. */
class StickyCookieParsingTest {
  @Test
  void cookieValueFindsTheNamedCookieAmongOthers() {
    HttpHeaders h =
        new DefaultHttpHeaders()
            .add(HttpHeaderNames.COOKIE, "a=1; LBX=no")
            .add(HttpHeaderNames.COOKIE, "b=2;LB=\"00ff\"; c=3");
    assertThat(HttpProxyHandler.cookieValue(h, "LB")).isEqualTo("00ff");
    assertThat(HttpProxyHandler.cookieValue(h, "LBX")).isEqualTo("no");
    assertThat(HttpProxyHandler.cookieValue(h, "c")).isEqualTo("3");
    assertThat(HttpProxyHandler.cookieValue(h, "L")).isNull();
  }
}
