package dev.tierkit.lb.tls;

import dev.tierkit.lb.config.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Builds a frontend's server TLS contexts from its {@link TlsConfig}, keyed by SNI name for {@code
 * SniHandler}.
 *
 * <p>Each certificate is a PEM chain with a PKCS#8 PEM key. Its {@code serverNames} (exact names or
 * one-level wildcards such as {@code *.example.com}) map to it; the first certificate answers every
 * other name and clients that send no SNI at all. Contexts use the JDK's or OpenSSL's provider,
 * whichever Netty finds, and offer ALPN {@code http/1.1} only (the proxies speak HTTP/1.1).
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * The contexts of {@code config}, by SNI name.
   *
   * @throws IllegalArgumentException naming the file when a certificate or key file cannot be read
   *     or parsed
   */
  public static Mapping<String, SslContext> build(TlsConfig config) {
    DomainWildcardMappingBuilder<SslContext> names = null;
    for (TlsConfig.Certificate certificate : config.certificates()) {
      SslContext context = serverContext(certificate);
      if (names == null) {
        names = new DomainWildcardMappingBuilder<>(context);
      }
      for (String name : certificate.serverNames()) {
        names.add(name.trim().toLowerCase(Locale.ROOT), context);
      }
    }
    return names.build();
  }

  /** One certificate's server context. */
  public static SslContext serverContext(TlsConfig.Certificate certificate) {
    Path cert = certificate.cert();
    Path key = certificate.key();
    readable(cert, "certificate");
    readable(key, "key");
    try {
      return SslContextBuilder.forServer(cert.toFile(), key.toFile())
          .applicationProtocolConfig(
              new ApplicationProtocolConfig(
                  ApplicationProtocolConfig.Protocol.ALPN,
                  ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                  ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                  ApplicationProtocolNames.HTTP_1_1))
          .build();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "tls: cannot load certificate "
              + cert
              + " with key "
              + key
              + ": "
              + (e.getMessage() == null ? e.toString() : e.getMessage()),
          e);
    }
  }

  private static void readable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("tls: " + what + " file " + file + " is not readable");
    }
  }
}
