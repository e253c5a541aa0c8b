package dev.tierkit.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {
  private static final HttpLimits LIMITS = new HttpLimits(1024, 4096, 1000);

  private static HttpRequest get(String target, String... hosts) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target);
    for (String host : hosts) {
      request.headers().add("Host", host);
    }
    return request;
  }

  private static HttpResponseStatus check(HttpRequest request) {
    return RequestValidator.check(request, LIMITS);
  }

  @Test
  void ordinaryRequestPasses() {
    assertThat(check(get("/index.html?q=1", "www.example.com"))).isNull();
  }

  @Test
  void decoderFailuresMapToTheirStatus() {
    HttpRequest line = get("/bad-request");
    line.setDecoderResult(DecoderResult.failure(new TooLongHttpLineException("long")));
    HttpRequest headers = get("/");
    headers.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("big")));
    HttpRequest fold = get("/", "a");
    fold.setDecoderResult(DecoderResult.failure(new ObsFoldException()));
    assertThat(check(line)).isEqualTo(HttpResponseStatus.REQUEST_URI_TOO_LONG);
    assertThat(check(headers)).isEqualTo(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    assertThat(check(fold)).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "example.com",
        "EXAMPLE.com:8080",
        "a",
        "x_y.example",
        "192.0.2.1",
        "192.0.2.1:80",
        "[2001:db8::1]",
        "[2001:db8::1]:443",
        "[::ffff:192.0.2.1]",
        "",
        "h:65535"
      })
  void validHostsPass(String host) {
    assertThat(check(get("/", host))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b",
        "a,b",
        "a, b",
        "user@host",
        "host:",
        "host:65536",
        "host:123456",
        "host:8a",
        ":80",
        "[2001:db8::1",
        "[2001:db8::1]x",
        "[fe80::1%25eth0]",
        "[v1.fe]",
        "[not:hex:g]",
        "ho%73t",
        "host/path",
        "h\u00e9st"
      })
  void invalidHostsAreRefused(String host) {
    assertThat(check(get("/", host))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @Test
  void hostIsRequiredInHttp11Only() {
    assertThat(check(get("/"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    HttpRequest http10 = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    assertThat(check(http10)).isNull();
  }

  @Test
  void twoHostsAreRefusedInAnyVersion() {
    assertThat(check(get("/", "a", "a"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    HttpRequest http10 = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
    http10.headers().add("Host", "a").add("Host", "b");
    assertThat(check(http10)).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "index.html", "example.com:80", "ftp://example.com/", "/a#frag", "http://"})
  void targetsOfNoAcceptedFormAreRefused(String target) {
    assertThat(check(get(target, "a"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://user@example.com/", "http://example.com:99999/", "http:///path"})
  void absoluteFormWithABadAuthorityIsRefused(String target) {
    assertThat(check(get(target, "a"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @Test
  void absoluteFormAuthorityWinsOverHost() {
    HttpRequest request = get("HTTPS://api.example.com:8443/v1/x?y", "www.example.com");
    assertThat(check(request)).isNull();
    assertThat(request.uri()).isEqualTo("/v1/x?y");
    assertThat(request.headers().getAll("Host")).containsExactly("api.example.com:8443");
    assertThat(RequestValidator.hostOf(request)).isEqualTo("api.example.com");
  }

  @Test
  void absoluteFormWithoutPathBecomesSlash() {
    HttpRequest bare = get("http://example.com", "example.com");
    HttpRequest query = get("http://example.com?a=1", "example.com");
    assertThat(check(bare)).isNull();
    assertThat(check(query)).isNull();
    assertThat(bare.uri()).isEqualTo("/");
    assertThat(query.uri()).isEqualTo("/?a=1");
  }

  @Test
  void absoluteFormGivesHostToAnHttp10RequestWithout() {
    HttpRequest request =
        new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "http://example.com/x");
    assertThat(check(request)).isNull();
    assertThat(RequestValidator.hostOf(request)).isEqualTo("example.com");
  }

  @Test
  void absoluteFormStillNeedsAValidHostInHttp11() {
    assertThat(check(get("http://example.com/"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
    assertThat(check(get("http://example.com/", "bad host")))
        .isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @Test
  void connectIsNotAllowed() {
    HttpRequest connect =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.CONNECT, "example.com:443");
    connect.headers().add("Host", "example.com:443");
    assertThat(check(connect)).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
  }

  @Test
  void asteriskIsForOptionsOnly() {
    HttpRequest options = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.OPTIONS, "*");
    options.headers().add("Host", "a");
    assertThat(check(options)).isNull();
    assertThat(check(get("*", "a"))).isEqualTo(HttpResponseStatus.BAD_REQUEST);
  }

  @Test
  void otherVersionsAreNotSupported() {
    HttpRequest http2 =
        new DefaultHttpRequest(HttpVersion.valueOf("HTTP/2.0"), HttpMethod.GET, "/");
    HttpRequest other =
        new DefaultHttpRequest(HttpVersion.valueOf("RTSP/1.0"), HttpMethod.GET, "/");
    assertThat(check(http2)).isEqualTo(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
    assertThat(check(other)).isEqualTo(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
  }

  @Test
  void contentLengthIsLimitedOnlyWhenALimitIsSet() {
    HttpRequest big = get("/", "a");
    big.headers().set("Content-Length", "1001");
    assertThat(check(big)).isEqualTo(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    assertThat(RequestValidator.check(big, new HttpLimits(1024, 4096, 0))).isNull();
    big.headers().set("Content-Length", "1000");
    assertThat(check(big)).isNull();
  }

  @Test
  void hostOfIsLowerCaseWithoutPortOrBrackets() {
    assertThat(RequestValidator.hostOf(get("/", "WWW.Example.COM:8080")))
        .isEqualTo("www.example.com");
    assertThat(RequestValidator.hostOf(get("/", "example.com"))).isEqualTo("example.com");
    assertThat(RequestValidator.hostOf(get("/", "[2001:DB8::1]:443"))).isEqualTo("2001:db8::1");
    assertThat(RequestValidator.hostOf(get("/", "[::1]"))).isEqualTo("::1");
    assertThat(RequestValidator.hostOf(get("/", "192.0.2.1:80"))).isEqualTo("192.0.2.1");
    assertThat(RequestValidator.hostOf(get("/", ""))).isNull();
    assertThat(RequestValidator.hostOf(get("/"))).isNull();
  }

  @Test
  void pathOfDropsTheQuery() {
    assertThat(RequestValidator.pathOf(get("/a/b?c=d", "a"))).isEqualTo("/a/b");
    assertThat(RequestValidator.pathOf(get("/a/b", "a"))).isEqualTo("/a/b");
  }
}
