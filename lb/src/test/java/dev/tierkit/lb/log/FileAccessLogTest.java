package dev.tierkit.lb.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tierkit.common.metrics.MetricRegistry;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAccessLogTest {
  @TempDir Path dir;

  private static AccessLogEntry http(String request) {
    return new AccessLogEntry(
        1_796_126_400_123L,
        "web",
        "127.0.0.1:50123",
        "127.0.0.1:9001",
        request,
        200,
        0,
        512,
        210,
        1875,
        0,
        "ok");
  }

  @Test
  void formatsAnHttpEntryAsDocumented() {
    StringBuilder sb = new StringBuilder();
    FileAccessLog.format(http("GET / HTTP/1.1"), sb);
    assertThat(sb)
        .hasToString(
            "2026-12-01T12:00:00.123Z web 127.0.0.1:50123 127.0.0.1:9001 \"GET / HTTP/1.1\" 200 0"
                + " 512 0.210 1.875 0 ok");
  }

  @Test
  void formatsATcpEntryWithoutConnectionWithDashes() {
    StringBuilder sb = new StringBuilder();
    FileAccessLog.format(
        new AccessLogEntry(
            0, "db", "[::1]:4000", "-", "-", 0, 7, 0, -1, 12_345_678, 2, "connect-failed"),
        sb);
    assertThat(sb)
        .hasToString(
            "1970-01-01T00:00:00.000Z db [::1]:4000 - \"-\" - 7 0 - 12345.678 2 connect-failed");
  }

  @Test
  void quotesControlCharactersAndSpacesCannotForgeALineOrAField() {
    StringBuilder sb = new StringBuilder();
    FileAccessLog.format(http("GET /\"a\\b\r\n1.2.3.4 x HTTP/1.1"), sb);
    assertThat(sb.toString()).doesNotContain("\n").doesNotContain("\r");
    assertThat(sb.toString()).contains("\"GET /\\\"a\\\\b\\x0d\\x0a1.2.3.4 x HTTP/1.1\"");
  }

  @Test
  void linesAreAppendedToTheFileAndCloseFlushesTheQueue() throws Exception {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "earlier line\n");
    FileAccessLog log = FileAccessLog.open(file, new MetricRegistry());
    for (int i = 0; i < 1000; i++) {
      log.log(http("GET /" + i + " HTTP/1.1"));
    }
    log.close();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1001);
    assertThat(lines.get(0)).isEqualTo("earlier line");
    assertThat(lines.get(1000)).contains("\"GET /999 HTTP/1.1\"");
    assertThat(log.written()).isEqualTo(1000);
    assertThat(log.dropped()).isZero();
  }

  @Test
  void linesReachTheFileWithoutCloseWhenTheQueueRunsDry() throws Exception {
    Path file = dir.resolve("live.log");
    try (FileAccessLog log = FileAccessLog.open(file, new MetricRegistry())) {
      log.log(http("GET /live HTTP/1.1"));
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(file).contains("/live"));
    }
  }

  @Test
  void dashWritesToStandardOutputAndCloseLeavesItOpen() {
    FileAccessLog log = FileAccessLog.open(Path.of("-"), new MetricRegistry());
    log.log(http("GET /stdout HTTP/1.1"));
    log.close();
    assertThat(log.written()).isEqualTo(1);
    System.out.println("standard output still open");
    assertThat(System.out.checkError()).isFalse();
  }

  @Test
  void aFileThatCannotBeOpenedIsNamed() {
    Path missingDir = dir.resolve("no/such/dir/access.log");
    assertThatThrownBy(() -> FileAccessLog.open(missingDir, new MetricRegistry()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missingDir.toString());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    StringWriter sink = new StringWriter();
    Writer stalled =
        new Writer() {
          @Override
          public void write(char[] cbuf, int off, int len) {
            writing.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.write(cbuf, off, len);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    MetricRegistry metrics = new MetricRegistry();
    FileAccessLog log = new FileAccessLog(stalled, true, "stalled", 2, metrics);
    log.log(http("GET /first HTTP/1.1"));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 10; i++) {
      log.log(http("GET /more HTTP/1.1"));
    }
    assertThat(log.dropped()).isEqualTo(8);
    assertThat(metrics.scrape()).contains("tierkit_lb_access_log_dropped_total 8");
    release.countDown();
    log.close();
    assertThat(log.written()).isEqualTo(3);
    log.log(http("GET /late HTTP/1.1"));
    assertThat(log.dropped()).isEqualTo(9);
  }
}
