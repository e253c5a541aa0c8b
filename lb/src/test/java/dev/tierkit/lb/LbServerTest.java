package dev.tierkit.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.PrometheusTextParser;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.LbConfig;
import dev.tierkit.lb.config.Mode;
import dev.tierkit.lb.config.PoolConfig;
import dev.tierkit.lb.config.Timeouts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The running daemon: admin API, runtime backend changes and reload, over real sockets. */
class LbServerTest {
  private final List<TestBackend> backends = new ArrayList<>();
  private final AtomicReference<LbConfig> source = new AtomicReference<>();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private RunningDaemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    backends.forEach(TestBackend::close);
  }

  private TestBackend backend(String name) throws Exception {
    TestBackend b = new TestBackend(name);
    backends.add(b);
    return b;
  }

  private static LbConfig config(Algorithm algorithm, TestBackend... bs) {
    List<BackendConfig> list = new ArrayList<>();
    for (TestBackend b : bs) {
      list.add(new BackendConfig("127.0.0.1", b.port(), 1, 0));
    }
    FrontendConfig f =
        new FrontendConfig(
            "web",
            Mode.HTTP,
            new InetSocketAddress("127.0.0.1", 0),
            "app",
            List.of(),
            null,
            false,
            List.of(),
            0,
            0,
            0,
            Timeouts.DEFAULTS,
            HttpLimits.DEFAULTS);
    return new LbConfig(List.of(f), Map.of("app", PoolConfig.of("app", algorithm, list)), null);
  }

  private LbServer start(LbConfig config) throws Exception {
    source.set(config);
    daemon =
        new DaemonLauncher("lb", RuntimeConfig.defaults(2), AdminConfig.loopbackAnyPort())
            .start(ctx -> LbServer.start(ctx, source.get(), source::get));
    return (LbServer) daemon.daemon();
  }

  private int port() {
    return ((LbServer) daemon.daemon()).frontendAddresses().get("web").getPort();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("status of %s: %s", path, r.body()).isEqualTo(200);
    return r.body();
  }

  private HttpResponse<String> admin(String method, String pathAndQuery) throws Exception {
    int adminPort = daemon.admin().orElseThrow().address().getPort();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void roundRobinSpreadsRequestsEvenly() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    start(config(Algorithm.ROUND_ROBIN, a, b));
    for (int i = 0; i < 20; i++) {
      get("/");
    }
    assertThat(a.requests.get()).isEqualTo(10);
    assertThat(b.requests.get()).isEqualTo(10);
  }

  @Test
  void poolsRouteListsBackendsWithTheirState() throws Exception {
    TestBackend a = backend("a");
    start(config(Algorithm.LEAST_CONNECTIONS, a));
    get("/");
    JsonNode pools = new ObjectMapper().readTree(admin("GET", "/pools").body()).get("pools");
    JsonNode app = pools.get(0);
    assertThat(app.get("name").asText()).isEqualTo("app");
    assertThat(app.get("algorithm").asText()).isEqualTo("least-connections");
    JsonNode backend = app.get("backends").get(0);
    assertThat(backend.get("backend").asText()).isEqualTo(a.address());
    assertThat(backend.get("state").asText()).isEqualTo("enabled");
    assertThat(backend.get("requests").asLong()).isEqualTo(1);
    assertThat(backend.get("available").asBoolean()).isTrue();
  }

  @Test
  void backendAddedAtRuntimeTakesTraffic() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    start(config(Algorithm.ROUND_ROBIN, a));
    HttpResponse<String> added =
        admin("POST", "/backends/add?pool=app&backend=" + b.address() + "&weight=2");
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(admin("POST", "/backends/add?pool=app&backend=" + b.address()).statusCode())
        .isEqualTo(409);
    for (int i = 0; i < 10; i++) {
      get("/");
    }
    assertThat(b.requests.get()).isEqualTo(5);
    assertThat(admin("POST", "/backends/add?pool=nope&backend=" + b.address()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void drainedBackendFinishesWhatItHasAndTakesNothingNew() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    start(config(Algorithm.ROUND_ROBIN, a, b));
    // Two slow requests: one lands on each backend.
    List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      slow.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/slow?ms=500"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> a.requests.get() + b.requests.get() == 2);
    assertThat(admin("POST", "/backends/drain?pool=app&backend=" + b.address()).statusCode())
        .isEqualTo(200);
    for (CompletableFuture<HttpResponse<String>> f : slow) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
    int before = b.requests.get();
    for (int i = 0; i < 10; i++) {
      assertThat(get("/")).isEqualTo("a");
    }
    assertThat(b.requests.get()).isEqualTo(before);
    assertThat(admin("POST", "/backends/enable?pool=app&backend=" + b.address()).statusCode())
        .isEqualTo(200);
    for (int i = 0; i < 10; i++) {
      get("/");
    }
    assertThat(b.requests.get()).isGreaterThan(before);
  }

  @Test
  void removedBackendIsGoneAndWeightChangesShares() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    TestBackend c = backend("c");
    start(config(Algorithm.WEIGHTED_ROUND_ROBIN, a, b, c));
    assertThat(admin("POST", "/backends/remove?pool=app&backend=" + c.address()).statusCode())
        .isEqualTo(200);
    assertThat(
            admin("POST", "/backends/weight?pool=app&backend=" + a.address() + "&weight=3")
                .statusCode())
        .isEqualTo(200);
    for (int i = 0; i < 40; i++) {
      get("/");
    }
    assertThat(c.requests.get()).isZero();
    assertThat(a.requests.get()).isEqualTo(30);
    assertThat(b.requests.get()).isEqualTo(10);
    assertThat(
            admin("POST", "/backends/weight?pool=app&backend=" + a.address() + "&weight=999")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void reloadUnderLoadSwapsBackendsWithoutAFailedRequest() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    start(config(Algorithm.ROUND_ROBIN, a));
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    get("/");
                    done.incrementAndGet();
                  } catch (Exception | AssertionError e) {
                    failures.incrementAndGet();
                  }
                }
              });
      thread.start();
      load.add(thread);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> done.get() > 100);
    source.set(config(Algorithm.ROUND_ROBIN, b));
    assertThat(admin("POST", "/reload").statusCode()).isEqualTo(200);
    int atReload = b.requests.get();
    await().atMost(Duration.ofSeconds(5)).until(() -> b.requests.get() > atReload + 100);
    running.set(false);
    for (Thread t : load) {
      t.join(5000);
    }
    assertThat(failures.get()).isZero();
    int aAfter = a.requests.get();
    get("/");
    assertThat(a.requests.get()).isEqualTo(aAfter);
  }

  @Test
  void reloadKeepsTheStateOfBackendsStillListed() throws Exception {
    TestBackend a = backend("a");
    TestBackend b = backend("b");
    LbServer server = start(config(Algorithm.ROUND_ROBIN, a, b));
    admin("POST", "/backends/drain?pool=app&backend=" + a.address());
    source.set(config(Algorithm.LEAST_CONNECTIONS, a, b));
    assertThat(admin("POST", "/reload").statusCode()).isEqualTo(200);
    Upstream up = server.upstream("app").orElseThrow();
    assertThat(up.pool().algorithm()).isEqualTo(Algorithm.LEAST_CONNECTIONS);
    assertThat(up.pool().find(a.address()).orElseThrow().adminState())
        .isEqualTo(dev.tierkit.lb.balance.AdminState.DRAINING);
  }

  @Test
  void backendSeriesAppearInMetrics() throws Exception {
    TestBackend a = backend("a");
    start(config(Algorithm.ROUND_ROBIN, a));
    get("/");
    String text = admin("GET", "/metrics").body();
    Map<String, Double> m = PrometheusTextParser.parse(text);
    String labels = "{pool=\"app\",backend=\"" + a.address() + "\"}";
    assertThat(m.get("tierkit_lb_backend_requests_total" + labels)).isEqualTo(1.0);
    assertThat(m.get("tierkit_lb_backend_up" + labels)).isEqualTo(1.0);
  }
}
