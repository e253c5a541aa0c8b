package dev.tierkit.lb.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * TLS termination on a frontend: one or more certificates; the client's SNI picks the one whose
 * names match, and the first is the default.
 *
 * @param certificates PEM certificate chains with their PKCS#8 PEM keys
 */
public record TlsConfig(List<Certificate> certificates) {
  public TlsConfig {
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("tls needs at least one certificate");
    }
  }

  /**
   * One certificate.
   *
   * @param cert PEM chain file
   * @param key PEM PKCS#8 private key file
   * @param serverNames SNI names it answers ({@code *.example.com} allowed); names are not read
   *     from the certificate itself, and the first certificate answers every name no other claims
   */
  public record Certificate(Path cert, Path key, List<String> serverNames) {
    public Certificate {
      Objects.requireNonNull(cert, "tls cert");
      Objects.requireNonNull(key, "tls key");
      serverNames = serverNames == null ? List.of() : List.copyOf(serverNames);
    }
  }
}
