package dev.tierkit.common.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.common.testing.EchoServer;
import dev.tierkit.common.testing.EchoSettings;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DaemonLauncherTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final AtomicInteger reloads = new AtomicInteger();

  /** An echo daemon that can reload, and fails to when told to. */
  private static final class ReloadableEcho implements Daemon {
    static volatile boolean nextReloadFails;

    @Override
    public void reload() {
      if (nextReloadFails) {
        throw new ConfigException("echo.yaml:1:1: bad setting");
      }
      reloads.incrementAndGet();
    }

    @Override
    public void close() {}
  }

  @RegisterExtension
  static final DaemonExtension reloadable =
      new DaemonExtension(
          "reloadable",
          context -> {
            EchoServer.start(
                context.runtime(), ANY_LOOPBACK, new EchoSettings("", 64), Duration.ZERO);
            return new ReloadableEcho();
          });

  @RegisterExtension
  static final DaemonExtension fixed =
      new DaemonExtension(
          "fixed",
          context ->
              EchoServer.start(
                  context.runtime(), ANY_LOOPBACK, new EchoSettings("", 64), Duration.ZERO));

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(DaemonExtension daemon, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(daemon.admin(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void startedDaemonIsReadyAndItsListenersAreFoundByName() throws Exception {
    HttpResponse<String> ready =
        http.send(
            HttpRequest.newBuilder(reloadable.admin("/readyz")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(reloadable.port("echo")).isPositive();
    assertThatThrownBy(() -> reloadable.port("memcached"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("echo on tcp");
  }

  @Test
  void reloadRouteReloadsAndReportsBadConfigurationAs400() throws Exception {
    int before = reloads.get();
    HttpResponse<String> ok = post(reloadable, "/reload");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(reloads.get()).isEqualTo(before + 1);

    ReloadableEcho.nextReloadFails = true;
    try {
      HttpResponse<String> bad = post(reloadable, "/reload");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("echo.yaml:1:1: bad setting");
    } finally {
      ReloadableEcho.nextReloadFails = false;
    }
  }

  @Test
  void reloadRouteOnADaemonThatCannotReloadIs501() throws Exception {
    HttpResponse<String> response = post(fixed, "/reload");
    assertThat(response.statusCode()).isEqualTo(501);
    assertThat(response.body()).contains("restart it");
  }
}
