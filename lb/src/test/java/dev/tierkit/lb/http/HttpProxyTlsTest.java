package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.RawHttp;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** TLS termination: the client speaks TLS to the proxy, the backend plain HTTP with the proto. */
class HttpProxyTlsTest {
  @Test
  void tlsIsTerminatedAndTheBackendLearnsTheSchemeWasHttps() throws Exception {
    X509Bundle cert =
        new CertificateBuilder()
            .subject("CN=www.example.com")
            .addSanDnsName("www.example.com")
            .setIsCertificateAuthority(true)
            .ecp256()
            .buildSelfSigned();
    SslContext server = SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
    try (TestBackend a = TestBackend.start("a");
        ProxyFixture proxy = ProxyFixture.builder().pool("main", a).tls(name -> server).start()) {
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);
      SSLSocket socket =
          (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", proxy.port);
      SSLParameters params = socket.getSSLParameters();
      params.setServerNames(List.of(new SNIHostName("www.example.com")));
      socket.setSSLParameters(params);
      try (RawHttp c = new RawHttp(socket)) {
        c.send("GET /headers HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
        RawHttp.Response r = c.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("x-forwarded-proto: https");
        c.send("GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n");
        assertThat(c.read().text()).isEqualTo("a");
      }
    }
  }
}
