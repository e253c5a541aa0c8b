package dev.tierkit.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderRewriterTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 40000);
  private static final InetSocketAddress PEER6 = new InetSocketAddress("2001:db8:0:0:0:0:0:7", 1);

  private static HttpRequest request(String... nameValues) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
    request.headers().add("Host", "www.example.com");
    for (int i = 0; i < nameValues.length; i += 2) {
      request.headers().add(nameValues[i], nameValues[i + 1]);
    }
    return request;
  }

  private static HttpHeaders untrusted(HttpRequest request) {
    HeaderRewriter.forwardRequest(request, PEER, false, 0, false, false);
    return request.headers();
  }

  private static HttpHeaders trusted(HttpRequest request, int hops) {
    HeaderRewriter.forwardRequest(request, PEER, true, hops, true, false);
    return request.headers();
  }

  // ---- hop-by-hop

  @Test
  void hopByHopFieldsAreRemoved() {
    HttpHeaders headers =
        untrusted(
            request(
                "Connection", "keep-alive",
                "Keep-Alive", "timeout=5",
                "Proxy-Connection", "keep-alive",
                "TE", "trailers",
                "Upgrade", "websocket",
                "Accept", "*/*"));
    assertThat(headers.names())
        .doesNotContain("Connection", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade")
        .contains("Accept", "Host");
  }

  @Test
  void fieldsNamedInConnectionAreRemoved() {
    HttpHeaders headers =
        untrusted(
            request(
                "Connection", "X-Secret ,\tx-other,close",
                "Connection", "X-Third",
                "X-Secret", "1",
                "X-Other", "2",
                "X-Third", "3",
                "X-Kept", "4"));
    assertThat(headers.contains("X-Secret")).isFalse();
    assertThat(headers.contains("X-Other")).isFalse();
    assertThat(headers.contains("X-Third")).isFalse();
    assertThat(headers.get("X-Kept")).isEqualTo("4");
  }

  @Test
  void connectionCannotRemoveFramingOrHost() {
    HttpRequest request =
        request(
            "Connection", "Content-Length, Transfer-Encoding, Host",
            "Content-Length", "3");
    HttpHeaders headers = untrusted(request);
    assertThat(headers.get("Content-Length")).isEqualTo("3");
    assertThat(headers.get("Host")).isEqualTo("www.example.com");
    HttpRequest chunked =
        request("Connection", "transfer-encoding", "Transfer-Encoding", "chunked");
    assertThat(untrusted(chunked).get("Transfer-Encoding")).isEqualTo("chunked");
  }

  @Test
  void connectionCannotStripTheForwardingFieldsThisProxyWrites() {
    HttpHeaders headers =
        untrusted(
            request("Connection", "X-Forwarded-For, X-Real-IP", "X-Forwarded-For", "1.2.3.4"));
    assertThat(headers.get("X-Forwarded-For")).isEqualTo("198.51.100.7");
    assertThat(headers.get("X-Real-IP")).isEqualTo("198.51.100.7");
  }

  @Test
  void emptyAndOddConnectionValuesAreHarmless() {
    HttpHeaders headers = untrusted(request("Connection", ", ,,", "Accept", "a"));
    assertThat(headers.get("Accept")).isEqualTo("a");
    assertThat(headers.contains("Connection")).isFalse();
  }

  @Test
  void upgradeKeepsUpgradeAndSendsConnectionUpgrade() {
    HttpRequest request =
        request(
            "Connection", "keep-alive, Upgrade", "Upgrade", "websocket", "Sec-WebSocket-Key", "k");
    HeaderRewriter.forwardRequest(request, PEER, false, 0, false, true);
    HttpHeaders headers = request.headers();
    assertThat(headers.getAll("Connection")).containsExactly("upgrade");
    assertThat(headers.get("Upgrade")).isEqualTo("websocket");
    assertThat(headers.get("Sec-WebSocket-Key")).isEqualTo("k");
  }

  @Test
  void upgradeWithoutAnUpgradeFieldSendsNoConnection() {
    HttpRequest request = request("Connection", "keep-alive");
    HeaderRewriter.forwardRequest(request, PEER, false, 0, false, true);
    assertThat(request.headers().contains("Connection")).isFalse();
  }

  @Test
  void requestsGoOutAsHttp11() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    HeaderRewriter.forwardRequest(request, PEER, false, 0, false, false);
    assertThat(request.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
  }

  // ---- X-Forwarded-* from an untrusted peer

  @Test
  void untrustedPeerIsAppendedToTheChainAndItsOtherForwardingFieldsReplaced() {
    HttpHeaders headers =
        untrusted(
            request(
                "X-Forwarded-For", "10.0.0.1",
                "X-Forwarded-For", "10.0.0.2",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example",
                "X-Real-IP", "10.0.0.3",
                "Forwarded", "for=10.0.0.4"));
    assertThat(headers.getAll("X-Forwarded-For"))
        .containsExactly("10.0.0.1, 10.0.0.2, 198.51.100.7");
    assertThat(headers.getAll("X-Forwarded-Proto")).containsExactly("http");
    assertThat(headers.getAll("X-Forwarded-Host")).containsExactly("www.example.com");
    assertThat(headers.getAll("X-Real-IP")).containsExactly("198.51.100.7");
    assertThat(headers.contains("Forwarded")).isFalse();
    assertThat(headers.get("Host")).isEqualTo("www.example.com");
  }

  @Test
  void untrustedPeerWithoutHostGetsNoForwardedHost() {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    request.headers().add("X-Forwarded-Host", "evil.example");
    HeaderRewriter.forwardRequest(request, PEER, false, 0, true, false);
    assertThat(request.headers().contains("X-Forwarded-Host")).isFalse();
    assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("https");
  }

  @Test
  void ipv6PeerIsWrittenCompressedWithoutBrackets() {
    HttpRequest request = request();
    HeaderRewriter.forwardRequest(request, PEER6, false, 0, false, false);
    assertThat(request.headers().get("X-Forwarded-For")).isEqualTo("2001:db8::7");
  }

  // ---- X-Forwarded-* from a trusted peer

  @Test
  void trustedPeerIsAppendedToTheChain() {
    HttpHeaders headers =
        trusted(
            request("X-Forwarded-For", "203.0.113.1, 10.0.0.1", "X-Forwarded-For", "10.0.0.2"), 0);
    assertThat(headers.getAll("X-Forwarded-For"))
        .containsExactly("203.0.113.1, 10.0.0.1, 10.0.0.2, 198.51.100.7");
  }

  @Test
  void trustedPeerWithoutAChainStartsOne() {
    assertThat(trusted(request(), 1).get("X-Forwarded-For")).isEqualTo("198.51.100.7");
  }

  @Test
  void trustedPeerKeepsItsProtoHostAndForwarded() {
    HttpHeaders headers =
        trusted(
            request(
                "X-Forwarded-Proto", "http",
                "X-Forwarded-Host", "public.example",
                "Forwarded", "for=203.0.113.1"),
            0);
    assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(headers.get("X-Forwarded-Host")).isEqualTo("public.example");
    assertThat(headers.get("Forwarded")).isEqualTo("for=203.0.113.1");
  }

  @Test
  void trustedPeerWithoutProtoOrHostGetsOurs() {
    HttpHeaders headers = trusted(request(), 0);
    assertThat(headers.get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(headers.get("X-Forwarded-Host")).isEqualTo("www.example.com");
  }

  @Test
  void realIpIsTheBelievedClient() {
    HttpHeaders headers = trusted(request("X-Forwarded-For", "203.0.113.1, 10.0.0.1"), 2);
    assertThat(headers.get("X-Real-IP")).isEqualTo("203.0.113.1");
    assertThat(headers.get("X-Forwarded-For")).isEqualTo("203.0.113.1, 10.0.0.1, 198.51.100.7");
  }

  // ---- clientAddress

  private static String client(boolean trusted, int hops, String... xff) {
    HttpRequest request = request();
    for (String line : xff) {
      request.headers().add("X-Forwarded-For", line);
    }
    return HeaderRewriter.clientAddress(request, PEER, trusted, hops);
  }

  @Test
  void clientIsThePeerWhenNotTrustedOrNoHopsAreTrusted() {
    assertThat(client(false, 3, "203.0.113.1")).isEqualTo("198.51.100.7");
    assertThat(client(true, 0, "203.0.113.1")).isEqualTo("198.51.100.7");
    assertThat(client(true, 2)).isEqualTo("198.51.100.7");
  }

  @Test
  void clientIsTheEntryTrustedHopsFromTheRight() {
    String chain = "192.0.2.9, 203.0.113.1, 10.0.0.1, 10.0.0.2";
    assertThat(client(true, 1, chain)).isEqualTo("10.0.0.2");
    assertThat(client(true, 2, chain)).isEqualTo("10.0.0.1");
    assertThat(client(true, 3, chain)).isEqualTo("203.0.113.1");
    assertThat(client(true, 4, chain)).isEqualTo("192.0.2.9");
  }

  @Test
  void chainShorterThanTheTrustedHopsGivesItsLeftmostEntry() {
    assertThat(client(true, 5, "203.0.113.1, 10.0.0.1")).isEqualTo("203.0.113.1");
  }

  @Test
  void severalLinesReadAsOneList() {
    assertThat(client(true, 2, "203.0.113.1, 10.0.0.1", "10.0.0.2")).isEqualTo("10.0.0.1");
    assertThat(client(true, 3, "203.0.113.1, 10.0.0.1", "10.0.0.2")).isEqualTo("203.0.113.1");
    assertThat(client(true, 3, "203.0.113.1", "10.0.0.1", "10.0.0.2")).isEqualTo("203.0.113.1");
  }

  @Test
  void portsAndBracketsAreDropped() {
    assertThat(client(true, 1, "203.0.113.1:4711")).isEqualTo("203.0.113.1");
    assertThat(client(true, 1, "[2001:db8::1]:4711")).isEqualTo("2001:db8::1");
    assertThat(client(true, 1, "[2001:db8::1]")).isEqualTo("2001:db8::1");
    assertThat(client(true, 1, "2001:db8::1")).isEqualTo("2001:db8::1");
    assertThat(client(true, 2, "203.0.113.1 ,\t10.0.0.1")).isEqualTo("203.0.113.1");
    assertThat(client(true, 1, "203.0.113.1 ,\t10.0.0.1")).isEqualTo("10.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown",
        "",
        "a, ",
        "_hidden",
        "203.0.113.1:port",
        "203.0.113.256",
        "[2001:db8::1",
        "[2001:db8::1]:x",
        "fe80::1%eth0",
        "host.example",
        "203.0.113.1 203.0.113.2"
      })
  void malformedChosenEntryGivesThePeer(String chain) {
    assertThat(client(true, 1, chain)).isEqualTo("198.51.100.7");
  }

  @Test
  void longChainsAreReadFromTheRightOnly() {
    String chain = "garbage, ".repeat(2000) + "203.0.113.1, 10.0.0.1";
    assertThat(client(true, 2, chain)).isEqualTo("203.0.113.1");
  }

  // ---- responses

  @Test
  void responseLosesHopByHopFields() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response
        .headers()
        .add("Connection", "close, X-Backend")
        .add("X-Backend", "b1")
        .add("Keep-Alive", "timeout=5")
        .add("Proxy-Connection", "close")
        .add("Upgrade", "h2c")
        .add("Transfer-Encoding", "chunked")
        .add("Content-Type", "text/plain");
    HeaderRewriter.forwardResponse(response, false);
    assertThat(response.headers().names())
        .containsExactlyInAnyOrder("Transfer-Encoding", "Content-Type");
  }

  @Test
  void switchingProtocolsKeepsUpgradeOnlyWhenUpgrading() {
    HttpResponse switching =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    switching.headers().add("Connection", "Upgrade").add("Upgrade", "websocket");
    HeaderRewriter.forwardResponse(switching, true);
    assertThat(switching.headers().get("Upgrade")).isEqualTo("websocket");
    assertThat(switching.headers().get("Connection")).isEqualTo("upgrade");

    HttpResponse notUpgrading =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
    notUpgrading.headers().add("Connection", "Upgrade").add("Upgrade", "websocket");
    HeaderRewriter.forwardResponse(notUpgrading, false);
    assertThat(notUpgrading.headers().contains("Upgrade")).isFalse();

    HttpResponse ok = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    ok.headers().add("Connection", "Upgrade").add("Upgrade", "websocket");
    HeaderRewriter.forwardResponse(ok, true);
    assertThat(ok.headers().contains("Upgrade")).isFalse();
    assertThat(ok.headers().contains("Connection")).isFalse();
  }
}
