package dev.tierkit.dist.demo.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.cache.CacheConfig;
import dev.tierkit.cache.CacheServer;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.TransportChoice;
import dev.tierkit.dist.demo.HostPort;
import dev.tierkit.mq.broker.BrokerConfig;
import dev.tierkit.mq.server.MqLimits;
import dev.tierkit.mq.server.MqServer;
import dev.tierkit.mq.server.MqServerConfig;
import dev.tierkit.mq.store.FsyncMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo application against a real cache-server and mq-broker started in this JVM, spoken to
 * over HTTP the way a browser (or lb) would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoAppTest {
  /** A short drain, so restarting the cache in a test takes milliseconds, not the default 5 s. */
  static final RuntimeConfig RUNTIME =
      new RuntimeConfig(
          TransportChoice.AUTO, 1, Duration.ofMillis(200), RuntimeConfig.DEFAULT_MAX_CONNECTIONS);

  @TempDir static Path brokerData;

  static RunningDaemon cache;
  static int cachePort;
  static RunningDaemon broker;
  static MqServerConfig brokerConfig;
  static int brokerPort;
  static DemoWebApp web;
  static DemoWorker worker;
  static final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @BeforeAll
  static void startEverything() throws Exception {
    cache = startCache(0);
    cachePort = cache.listener(CacheServer.LISTENER).port();
    MqServerConfig config =
        new MqServerConfig(
            new InetSocketAddress("127.0.0.1", 0),
            new BrokerConfig(
                brokerData,
                FsyncMode.BATCH,
                4L << 20,
                BrokerConfig.DEFAULT_QUEUE_MEMORY_LIMIT,
                List.of("/")),
            MqLimits.defaults(),
            Map.of("guest", "guest"),
            false,
            MqServerConfig.DEFAULT_HANDSHAKE_TIMEOUT,
            MqServerConfig.DEFAULT_CLOSE_TIMEOUT,
            256L << 20,
            0);
    broker = startBroker(config);
    brokerPort = broker.listener(MqServer.LISTENER).port();
    HostPort cacheAddress = new HostPort("127.0.0.1", cachePort);
    HostPort amqpAddress = new HostPort("127.0.0.1", brokerPort);
    web =
        DemoWebApp.start(
            DemoWebConfig.of(
                new InetSocketAddress("127.0.0.1", 0),
                "web-1",
                "us-east",
                cacheAddress,
                amqpAddress,
                7));
    worker =
        DemoWorker.start(
            new DemoWorkerConfig(
                cacheAddress,
                AmqpSettings.guest(amqpAddress),
                DemoWorkerConfig.DEFAULT_PREFETCH,
                1,
                Optional.of(new InetSocketAddress("127.0.0.1", 0))));
  }

  static RunningDaemon startBroker(MqServerConfig config) throws Exception {
    brokerConfig = config;
    return new DaemonLauncher("mq-broker", RUNTIME, AdminConfig.loopbackAnyPort())
        .start(ctx -> MqServer.start(ctx, config, "test"));
  }

  static RunningDaemon startCache(int port) throws Exception {
    return new DaemonLauncher("cache-server", RUNTIME, AdminConfig.loopbackAnyPort())
        .start(
            ctx ->
                CacheServer.start(
                    ctx,
                    new CacheConfig(
                        new InetSocketAddress("127.0.0.1", port), StoreConfig.ofMemory(16L << 20)),
                    CacheClock.system()));
  }

  @AfterAll
  static void stopEverything() {
    if (worker != null) {
      worker.close();
    }
    if (web != null) {
      web.close();
    }
    if (broker != null) {
      broker.close();
    }
    if (cache != null) {
      cache.close();
    }
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + web.address().getPort() + path);
  }

  static HttpResponse<String> get(String path, String cookie) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> post(String path, String form, String cookie) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs {@code user} in and returns the {@code sid=...} cookie to send back. */
  static String login(String user) throws Exception {
    HttpResponse<String> response = post("/login", "user=" + user, null);
    assertThat(response.statusCode()).isEqualTo(303);
    assertThat(response.headers().firstValue("Location")).hasValue("/");
    String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).startsWith("sid=").contains("HttpOnly");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void loginSetsASessionThatTheNextPageShows() throws Exception {
    String cookie = login("alice");

    HttpResponse<String> page = get("/", cookie);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("private, no-store");
    assertThat(page.body())
        .contains("Logged in as <span class=\"who\">alice</span>")
        .contains("web-1")
        .contains("us-east");
  }

  @Test
  void unknownOrMissingSessionIsLoggedOutNotAnError() throws Exception {
    HttpResponse<String> unknown = get("/", "sid=0123456789abcdef0123456789abcdef");
    HttpResponse<String> none = get("/", null);

    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(unknown.body()).contains("please log in").doesNotContain("Logged in as");
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(none.body()).contains("please log in");
  }

  @Test
  void assetsCarryTheVersionAndImmutableCachingHeaders() throws Exception {
    long version = web.assetVersion();
    HttpResponse<String> page = get("/", null);
    assertThat(page.body())
        .contains("/static/app.js?v=" + version)
        .contains("/static/style.css?v=" + version);

    for (String asset : List.of("/static/app.js", "/static/style.css")) {
      HttpResponse<String> response = get(asset + "?v=" + version, null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("asset version " + version);
      assertThat(response.headers().firstValue("Cache-Control"))
          .hasValue("public, max-age=31536000, immutable");
      assertThat(response.headers().firstValue("Surrogate-Key")).hasValue("static v" + version);
      assertThat(response.headers().firstValue("ETag")).isPresent();
    }
  }

  @Test
  void bumpingTheAssetVersionChangesLinksContentAndEtag() throws Exception {
    HttpResponse<String> before = get("/static/app.js", null);
    long next = web.assetVersion() + 1;

    HttpResponse<String> bump = post("/admin/asset-version?v=" + next, "", null);

    assertThat(bump.statusCode()).isEqualTo(200);
    HttpResponse<String> after = get("/static/app.js?v=" + next, null);
    assertThat(after.body()).contains("asset version " + next);
    assertThat(after.headers().firstValue("Surrogate-Key")).hasValue("static v" + next);
    assertThat(after.headers().firstValue("ETag"))
        .isNotEqualTo(before.headers().firstValue("ETag"));
    assertThat(get("/", null).body()).contains("/static/app.js?v=" + next);
    HttpResponse<String> metrics = get("/metrics", null);
    assertThat(metrics.body())
        .contains("demo_web_asset_fetches_total{path=\"/static/app.js\",version=\"" + next + "\"}");
  }

  @Test
  void anAssetIsServedAtTheVersionItsUrlAsksForEvenAfterADeploy() throws Exception {
    long current = web.assetVersion();
    long next = current + 1;
    assertThat(post("/admin/asset-version?v=" + next, "", null).statusCode()).isEqualTo(200);

    HttpResponse<String> old = get("/static/style.css?v=" + current, null);
    HttpResponse<String> bad = get("/static/style.css?v=x1", null);
    HttpResponse<String> zero = get("/static/style.css?v=0", null);

    assertThat(old.statusCode()).isEqualTo(200);
    assertThat(old.body()).contains("asset version " + current);
    assertThat(old.headers().firstValue("Surrogate-Key")).hasValue("static v" + current);
    assertThat(bad.statusCode()).isEqualTo(404);
    assertThat(bad.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(zero.statusCode()).isEqualTo(404);
  }

  @Test
  void aRepeatedPhotoPostWithTheSameIdempotencyKeyIsTheSameJob() throws Exception {
    String cookie = login("carol");
    String[] ids = new String[3];
    String[] keys = {"k-1", "k-1", "k-2"};
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> accepted =
          http.send(
              HttpRequest.newBuilder(uri("/photo"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("Cookie", cookie)
                  .header("Idempotency-Key", keys[i])
                  .POST(HttpRequest.BodyPublishers.ofString("width=64&height=48"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(accepted.statusCode()).isEqualTo(202);
      Matcher id = Pattern.compile("\"id\":\"([0-9a-f]{24})\"").matcher(accepted.body());
      assertThat(id.find()).isTrue();
      ids[i] = id.group(1);
    }
    assertThat(ids[1]).isEqualTo(ids[0]);
    assertThat(ids[2]).isNotEqualTo(ids[0]);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(get("/photo/" + ids[0], null).body()).contains("\"status\":\"done\""));
  }

  @Test
  void photoJobIsAcceptedAndTheWorkersThumbnailLandsInTheCache() throws Exception {
    String cookie = login("bob");

    HttpResponse<String> accepted = post("/photo", "width=640&height=480&seed=42", cookie);

    assertThat(accepted.statusCode()).isEqualTo(202);
    Matcher id = Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(accepted.body());
    assertThat(id.find()).isTrue();
    String jobId = id.group(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(get("/photo/" + jobId, null).body()).contains("\"status\":\"done\""));
    assertThat(get("/photo/" + jobId, null).body()).contains("\"thumbnailBytes\":");
    MemcachedClient reader =
        new MemcachedClient(List.of(new InetSocketAddress("127.0.0.1", cachePort)));
    try {
      Object thumbnail = reader.get("thumb:" + jobId);
      assertThat(thumbnail).isInstanceOf(byte[].class);
      // The PNG signature: the worker stored an encoded image, not a placeholder.
      assertThat((byte[]) thumbnail).startsWith(0x89, 'P', 'N', 'G');
    } finally {
      reader.shutdown(2, TimeUnit.SECONDS);
    }
    assertThat(worker.jobsDone()).isPositive();
    assertThat(get("/metrics", null).body()).containsPattern("demo_web_jobs_published_total [1-9]");
  }

  @Test
  void photoNeedsALogin() throws Exception {
    assertThat(post("/photo", "", null).statusCode()).isEqualTo(401);
  }

  @Test
  void cacheRestartLogsUsersOutButPagesStillLoad() throws Exception {
    String cookie = login("carol");
    assertThat(get("/", cookie).body()).contains("carol");

    cache.close();
    HttpResponse<String> duringOutage = get("/", cookie);
    assertThat(duringOutage.statusCode()).isEqualTo(200);
    assertThat(duringOutage.body()).contains("please log in");
    assertThat(post("/login", "user=carol", null).statusCode()).isEqualTo(503);

    cache = startCache(cachePort);
    HttpResponse<String> afterRestart = get("/", cookie);
    assertThat(afterRestart.statusCode()).isEqualTo(200);
    assertThat(afterRestart.body()).contains("please log in");
    // spymemcached finds the restarted server within its reconnect delay; then logins work again.
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> post("/login", "user=carol", null).statusCode() == 303);
    assertThat(get("/", login("carol")).body()).contains("Logged in as");
  }

  @Test
  void brokerRestartCostsA503ThenJobsFlowAgain() throws Exception {
    String cookie = login("dave");

    broker.close();
    assertThat(post("/photo", "width=64&height=64&seed=1", cookie).statusCode()).isEqualTo(503);

    broker =
        startBroker(
            new MqServerConfig(
                new InetSocketAddress("127.0.0.1", brokerPort),
                brokerConfig.broker(),
                brokerConfig.limits(),
                brokerConfig.users(),
                brokerConfig.guestFromAnywhere(),
                brokerConfig.handshakeTimeout(),
                brokerConfig.closeTimeout(),
                brokerConfig.memoryHighWatermark(),
                brokerConfig.diskFreeLimit()));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> post("/photo", "width=64&height=64&seed=2", cookie).statusCode() == 202);
    await().atMost(Duration.ofSeconds(15)).until(worker::isConnected);
    HttpResponse<String> accepted = post("/photo", "width=64&height=64&seed=3", cookie);
    assertThat(accepted.statusCode()).isEqualTo(202);
    Matcher id = Pattern.compile("\"id\":\"([0-9a-f]+)\"").matcher(accepted.body());
    assertThat(id.find()).isTrue();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(get("/photo/" + id.group(1), null).body())
                    .contains("\"status\":\"done\""));
  }

  @Test
  void assetVersionCannotBeChangedThroughAProxy() throws Exception {
    long version = web.assetVersion();
    HttpRequest forwarded =
        HttpRequest.newBuilder(uri("/admin/asset-version?v=" + (version + 100)))
            .timeout(Duration.ofSeconds(10))
            .header("X-Forwarded-For", "203.0.113.9")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    HttpResponse<String> response = http.send(forwarded, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(web.assetVersion()).isEqualTo(version);
  }
}
