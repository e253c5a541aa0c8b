package dev.tierkit.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.metrics.ProcessMetrics;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.PrometheusTextParser;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final MetricRegistry metrics = new MetricRegistry();
  private final Readiness readiness = new Readiness();
  private DaemonRuntime runtime;

  @BeforeEach
  void startRuntime() {
    runtime = DaemonRuntime.start(RuntimeConfig.defaults(1), metrics);
  }

  @AfterEach
  void stopRuntime() {
    runtime.close();
  }

  private AdminServer start(AdminConfig config) {
    AdminServer admin = AdminServer.start(config, runtime, metrics, readiness, new AdminRoutes());
    runtime.onClose(admin);
    return admin;
  }

  private HttpResponse<String> send(AdminServer admin, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.listener().port() + path))
            .timeout(Duration.ofSeconds(5))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsParseAsPrometheusTextAndShowIncrementedCounter() throws Exception {
    AdminServer admin = start(AdminConfig.loopbackAnyPort());
    ProcessMetrics.register(metrics);
    Counter gets =
        metrics.counter("tierkit_test_requests_total", "Requests by command.", "cmd", "get");
    metrics.counter("tierkit_test_requests_total", "Requests by command.", "cmd", "set").add(2);
    Histogram latency = metrics.latencyHistogram("tierkit_test_latency_seconds", "Latency.");
    for (int i = 0; i < 41; i++) {
      gets.increment();
    }
    latency.record(1_500);
    latency.record(3_000_000);

    HttpResponse<String> response = send(admin, "GET", "/metrics", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    Map<String, Double> samples = PrometheusTextParser.parse(response.body());
    assertThat(samples)
        .containsEntry("tierkit_test_requests_total{cmd=\"get\"}", 41.0)
        .containsEntry("tierkit_test_requests_total{cmd=\"set\"}", 2.0)
        .containsEntry("tierkit_test_latency_seconds_count", 2.0)
        .containsEntry("tierkit_test_latency_seconds_bucket{le=\"+Inf\"}", 2.0)
        .containsEntry("tierkit_connections", 0.0)
        .containsKey("process_cpu_seconds_total");
    assertThat(samples.get("tierkit_test_latency_seconds_sum")).isCloseTo(0.0030015, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  @Test
  void healthzIsOkAndReadyzFollowsTheDaemonLifecycle() throws Exception {
    AdminServer admin = start(AdminConfig.loopbackAnyPort());
    assertThat(send(admin, "GET", "/healthz", null).statusCode()).isEqualTo(200);

    HttpResponse<String> starting = send(admin, "GET", "/readyz", null);
    assertThat(starting.statusCode()).isEqualTo(503);
    assertThat(starting.body()).isEqualTo("starting\n");

    readiness.ready();
    assertThat(send(admin, "GET", "/readyz", null).statusCode()).isEqualTo(200);

    readiness.draining();
    HttpResponse<String> draining = send(admin, "GET", "/readyz", null);
    assertThat(draining.statusCode()).isEqualTo(503);
    assertThat(draining.body()).isEqualTo("draining\n");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
    AdminServer admin = start(AdminConfig.loopbackAnyPort());
    assertThat(send(admin, "GET", "/nope", null).statusCode()).isEqualTo(404);
    HttpResponse<String> wrong = send(admin, "POST", "/metrics", null);
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("allow")).contains("GET, HEAD");
  }

  @Test
  void headIsAnsweredLikeGetWithoutBody() throws Exception {
    AdminServer admin = start(AdminConfig.loopbackAnyPort());
    HttpResponse<String> head = send(admin, "HEAD", "/healthz", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("content-length")).contains("3");
  }

  @Test
  void daemonRoutesAreServedAndMutatingOnesNeedTheToken() throws Exception {
    AdminServer admin =
        start(new AdminConfig(new InetSocketAddress("127.0.0.1", 0), Optional.of("s3cret"), true));
    AtomicInteger purges = new AtomicInteger();
    admin
        .routes()
        .get("/stats", request -> AdminResponse.json(200, "{\"items\":" + purges.get() + "}"))
        .post(
            "/purge",
            request ->
                AdminResponse.ok(
                    "purged "
                        + request.param("key").orElse("all")
                        + " "
                        + purges.incrementAndGet()));

    assertThat(send(admin, "GET", "/stats", null).body()).isEqualTo("{\"items\":0}\n");

    HttpResponse<String> noToken = send(admin, "POST", "/purge?key=a", null);
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("www-authenticate")).isPresent();
    assertThat(send(admin, "POST", "/purge?key=a", "wrong").statusCode()).isEqualTo(401);
    assertThat(purges).hasValue(0);

    HttpResponse<String> ok = send(admin, "POST", "/purge?key=a", "s3cret");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("purged a 1\n");
  }

  @Test
  void handlerFailureIs500AndTheEndpointKeepsServing() throws Exception {
    AdminServer admin = start(AdminConfig.loopbackAnyPort());
    admin
        .routes()
        .get(
            "/boom",
            request -> {
              throw new IllegalStateException("store is gone");
            });
    assertThat(send(admin, "GET", "/boom", null).statusCode()).isEqualTo(500);
    assertThat(send(admin, "GET", "/healthz", null).statusCode()).isEqualTo(200);
  }
}
