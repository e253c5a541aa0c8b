package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 100 MB responses pass through an edge whose JVM has far less memory than that: the body streams
 * with backpressure instead of being buffered whole. The edge runs as a child process with a 64 MB
 * heap and 32 MB of direct memory, so buffering would fail it.
 */
class LargeObjectStreamingTest {
  private static final int SIZE = 100 << 20;
  private static final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  private static TestOrigin origin;
  private static String expected;
  private static DaemonProcess edge;
  private static final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < SIZE / block.length; i++) {
      sha.update(block);
    }
    expected = HexFormat.of().formatHex(sha.digest());
    origin = new TestOrigin(clock::get);
    for (String path : List.of("/pass.bin", "/cacheable.bin", "/chunked.bin")) {
      origin.route(
          path,
          (ex, n) -> {
            ex.getResponseHeaders()
                .set("Cache-Control", path.equals("/pass.bin") ? "no-store" : "max-age=600");
            ex.sendResponseHeaders(200, path.equals("/chunked.bin") ? 0 : SIZE);
            try (OutputStream out = ex.getResponseBody()) {
              for (int i = 0; i < SIZE / block.length; i++) {
                out.write(block);
              }
            }
          });
    }
    edge =
        DaemonProcess.start(
            CdnEdgeCommand.class,
            List.of("-Xmx64m", "-XX:MaxDirectMemorySize=32m"),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--admin-port",
            "0",
            "--threads",
            "2",
            "--memory-mb",
            "16",
            "--max-object-size",
            "8m",
            "--health-interval",
            "0s",
            "--origin",
            origin.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (edge != null) {
      edge.close();
    }
    origin.close();
  }

  private static String sha256Through(String path) throws Exception {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port("http") + path))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (InputStream in = r.body()) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(SIZE);
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void anUncacheable100MbResponsePassesThrough() throws Exception {
    assertThat(sha256Through("/pass.bin")).isEqualTo(expected);
  }

  @Test
  void aCacheable100MbResponseOverTheObjectLimitPassesThrough() throws Exception {
    assertThat(sha256Through("/cacheable.bin")).isEqualTo(expected);
  }

  @Test
  void aChunked100MbResponseThatOutgrowsTheLimitMidStreamPassesThrough() throws Exception {
    assertThat(sha256Through("/chunked.bin")).isEqualTo(expected);
    assertThat(edge.process().isAlive()).isTrue();
  }
}
