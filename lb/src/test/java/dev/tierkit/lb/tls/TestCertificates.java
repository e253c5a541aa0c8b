package dev.tierkit.lb.tls;

import dev.tierkit.lb.config.TlsConfig;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Self-signed certificates written as PEM files, and a client context that trusts anything. */
public final class TestCertificates {
  private TestCertificates() {}

  /** A self-signed certificate for {@code names}, written to {@code dir} as PEM files. */
  public static TlsConfig.Certificate write(Path dir, String file, List<String> names)
      throws Exception {
    // No SAN entries: the trust-all client checks no host name, and the subject tells tests apart.
    X509Bundle bundle =
        new CertificateBuilder()
            .subject("CN=" + names.get(0))
            .setIsCertificateAuthority(true)
            .ecp256()
            .buildSelfSigned();
    Path cert = dir.resolve(file + ".crt");
    Path key = dir.resolve(file + ".key");
    Files.writeString(cert, bundle.getCertificatePEM(), StandardCharsets.US_ASCII);
    Files.writeString(key, pkcs8Pem(bundle.getKeyPair().getPrivate()), StandardCharsets.US_ASCII);
    return new TlsConfig.Certificate(cert, key, names);
  }

  private static String pkcs8Pem(PrivateKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  /** A JDK client context that accepts any server certificate (tests only). */
  public static SSLContext trustAll() throws Exception {
    TrustManager trustAll =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
    return context;
  }
}
