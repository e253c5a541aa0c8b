package dev.tierkit.lb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** lb as a real process started from flags alone, stopped with SIGTERM. */
class LbProcessTest {
  private DaemonProcess daemon;
  private TestBackend backend;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void proxiesFromFlagsAloneAndExitsZeroOnSigterm() throws Exception {
    backend = new TestBackend("only");
    daemon =
        DaemonProcess.start(
            LbCommand.class,
            List.of(),
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--threads",
            "1",
            "--admin-port",
            "-1",
            "--backend",
            backend.address(),
            "--health-check",
            "tcp");
    int port = daemon.port("default");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("only");
    assertThat(response.headers().firstValue("X-Backend")).contains("only");
    daemon.process().destroy();
    assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.process().exitValue()).as("exit code; log: %s", daemon.log()).isZero();
  }
}
