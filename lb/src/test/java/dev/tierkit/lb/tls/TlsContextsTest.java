package dev.tierkit.lb.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.lb.config.TlsConfig;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsContextsTest {
  @TempDir Path dir;
  private EventLoopGroup group;
  private Channel server;
  private TlsConfig config;

  @BeforeEach
  void setUp() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    config =
        new TlsConfig(
            List.of(
                TestCertificates.write(dir, "first", List.of("first.test")),
                TestCertificates.write(dir, "second", List.of("*.second.test", "second.test"))));
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private int serve(Mapping<String, SslContext> contexts) {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new SniHandler(contexts));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private String subjectSeenWith(int port, String sni) throws Exception {
    try (SSLSocket socket =
        (SSLSocket)
            TestCertificates.trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(5_000);
      if (sni != null) {
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(sni)));
        socket.setSSLParameters(params);
      }
      socket.startHandshake();
      X509Certificate cert = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      return cert.getSubjectX500Principal().getName();
    }
  }

  @Test
  void sniNamePicksItsCertificateAndWildcardsMatchOneLevel() throws Exception {
    int port = serve(TlsContexts.build(config));
    assertThat(subjectSeenWith(port, "first.test")).isEqualTo("CN=first.test");
    assertThat(subjectSeenWith(port, "second.test")).isEqualTo("CN=*.second.test");
    assertThat(subjectSeenWith(port, "www.second.test")).isEqualTo("CN=*.second.test");
  }

  @Test
  void firstCertificateAnswersWithoutSniAndForUnknownNames() throws Exception {
    int port = serve(TlsContexts.build(config));
    assertThat(subjectSeenWith(port, null)).isEqualTo("CN=first.test");
    assertThat(subjectSeenWith(port, "other.test")).isEqualTo("CN=first.test");
  }

  @Test
  void missingKeyFileIsNamed() {
    Path missing = dir.resolve("missing.key");
    TlsConfig bad =
        new TlsConfig(
            List.of(new TlsConfig.Certificate(config.certificates().get(0).cert(), missing, null)));
    assertThatThrownBy(() -> TlsContexts.build(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void unparsableCertificateIsNamed() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate\n");
    TlsConfig bad =
        new TlsConfig(
            List.of(new TlsConfig.Certificate(garbage, config.certificates().get(0).key(), null)));
    assertThatThrownBy(() -> TlsContexts.build(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString());
  }
}
