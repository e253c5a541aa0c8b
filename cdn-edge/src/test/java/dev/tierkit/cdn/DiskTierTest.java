package dev.tierkit.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk tier keeps objects, their index and the purges across a restart. */
class DiskTierTest {
  private final EdgeFixture.Clock clock = new EdgeFixture.Clock();
  @TempDir Path dir;
  private TestOrigin origin;
  private EdgeFixture edge;

  @BeforeEach
  void start() throws Exception {
    origin = new TestOrigin(clock::get);
    origin.route(
        "/big.bin",
        (ex, n) -> {
          ex.getResponseHeaders().set("Cache-Control", "max-age=3600");
          ex.getResponseHeaders().set("Surrogate-Key", "blobs");
          TestOrigin.text(ex, 200, "b".repeat(300_000));
        });
    origin.fixed("/small", "small body", "Cache-Control", "max-age=3600", "X-Kept", "yes");
  }

  @AfterEach
  void stop() {
    if (edge != null) {
      edge.close();
    }
    origin.close();
  }

  /**
   * Starts the edge, or stops it and starts it again on the same port: the cache key holds the Host
   * the client sent, which names the port.
   */
  private EdgeFixture restart() {
    int port = 0;
    if (edge != null) {
      port = edge.port();
      edge.close();
    }
    CdnConfig c = EdgeFixture.config(List.of(origin.url()), dir);
    edge =
        EdgeFixture.start(
            EdgeFixture.withAddress(c, new InetSocketAddress("127.0.0.1", port)), clock);
    return edge;
  }

  @Test
  void objectsSurviveARestart() throws Exception {
    restart();
    edge.get("/big.bin");
    edge.get("/small");
    restart();
    HttpResponse<String> big = edge.get("/big.bin");
    HttpResponse<String> small = edge.get("/small");
    assertThat(big.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(big.body()).hasSize(300_000);
    assertThat(small.headers().firstValue("x-cache")).hasValue("HIT");
    assertThat(small.headers().firstValue("x-kept")).hasValue("yes");
    assertThat(small.body()).isEqualTo("small body");
    assertThat(origin.count("/big.bin")).isEqualTo(1);
    assertThat(origin.count("/small")).isEqualTo(1);
  }

  @Test
  void aPurgeBeforeARestartStillHoldsAfterIt() throws Exception {
    restart();
    edge.get("/big.bin");
    edge.get("/small");
    assertThat(edge.adminPost("/purge", "tag=blobs").statusCode()).isEqualTo(200);
    restart();
    assertThat(edge.get("/big.bin").headers().firstValue("x-cache")).hasValue("MISS");
    assertThat(edge.get("/small").headers().firstValue("x-cache")).hasValue("HIT");
  }
}
