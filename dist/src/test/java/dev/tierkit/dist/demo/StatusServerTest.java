package dev.tierkit.dist.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.dist.demo.live.LiveFigures;
import dev.tierkit.dist.demo.live.StatusServer;
import dev.tierkit.dist.demo.live.TrafficFigures;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page ({@link StatusServer} over {@link LiveFigures}) against the whole demo topology
 * as child JVMs (web servers and worker as {@link StandInApps}): the page and its files are served
 * locally under a self-only policy, the feed lists every process up, its figures move with traffic
 * through an edge, a killed web server shows down, and where Debian's chromium is installed a
 * headless browser renders the diagram from the feed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StatusServerTest {
  @TempDir static Path dir;
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final ObjectMapper json = new ObjectMapper();
  private static DemoTopology topology;
  private static DemoProcesses processes;
  private static LiveFigures figures;
  private static StatusServer server;

  @BeforeAll
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  static void startTopologyFiguresAndPage() throws IOException {
    topology = DemoTopology.allocate();
    DnsGeoFiles.write(topology, dir);
    List<Program> programs = DemoPrograms.of(topology, dir, new StandInApps());
    processes =
        new DemoProcesses(
            programs,
            ChildJvm.current(),
            dir.resolve("logs"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    processes.startAll();
    figures =
        new LiveFigures(
                topology,
                processes,
                () -> TrafficFigures.NONE,
                () -> List.of("00:01 scenario line for the page"))
            .start();
    server =
        StatusServer.start(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), figures);
  }

  @AfterAll
  static void endEverything() {
    if (server != null) {
      server.close();
    }
    if (figures != null) {
      figures.close();
    }
    if (processes != null) {
      processes.close();
    }
  }

  private static HttpResponse<String> get(URI url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode status() throws IOException, InterruptedException {
    HttpResponse<String> response = get(server.uri().resolve("/status.json"));
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readTree(response.body());
  }

  private static JsonNode process(JsonNode status, String name) {
    for (JsonNode p : status.get("processes")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no process " + name + " in " + status);
  }

  private static JsonNode dataCenter(JsonNode status, String name) {
    for (JsonNode dc : status.get("dataCenters")) {
      if (dc.get("name").asText().equals(name)) {
        return dc;
      }
    }
    throw new AssertionError("no data center " + name + " in " + status);
  }

  @Test
  @Order(1)
  void pageAndItsFilesAreServedLocallyUnderASelfOnlyPolicy() throws Exception {
    HttpResponse<String> page = get(server.uri());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'");
    List<String> references = new ArrayList<>();
    Matcher m = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(page.body());
    while (m.find()) {
      references.add(m.group(1));
    }
    assertThat(references).containsExactlyInAnyOrder("/status.css", "/status.js");

    HttpResponse<String> script = get(server.uri().resolve("/status.js"));
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(script.body()).contains("fetch(\"/status.json\"");
    HttpResponse<String> style = get(server.uri().resolve("/status.css"));
    assertThat(style.statusCode()).isEqualTo(200);
    assertThat(style.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));

    assertThat(get(server.uri().resolve("/nothing-here")).statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/status.json"))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(server.uri())
                .timeout(Duration.ofSeconds(2))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(page.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  @Order(2)
  void feedListsEveryProcessUpAndItsFiguresMoveWithTrafficThroughAnEdge() throws Exception {
    HttpResponse<String> response = get(server.uri().resolve("/status.json"));
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    List<String> names = topology.nodes().stream().map(DemoTopology.Node::name).toList();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode status = status();
              List<String> up = new ArrayList<>();
              for (JsonNode p : status.get("processes")) {
                assertThat(names).contains(p.get("name").asText());
                if (p.get("up").asBoolean()) {
                  up.add(p.get("name").asText());
                }
              }
              assertThat(up).containsExactlyInAnyOrderElementsOf(names);
            });
    assertThat(process(status(), "cache").get("pid").asLong())
        .isEqualTo(processes.pids().get("cache"));

    // The lb lets a backend in after two passing checks; then every request reaches a web server.
    URI home = topology.dataCenters().get(0).edge().listen().http("/");
    await().atMost(Duration.ofSeconds(15)).until(() -> get(home).body().contains("served by web-"));
    double before = dataCenter(status(), "us-east").path("edgeRequestsPerSecond").asDouble(0);
    // Health checks reach the edge about once a second; forty requests a second stand out.
    await()
        .atMost(Duration.ofSeconds(8))
        .pollInterval(Duration.ofMillis(25))
        .until(
            () -> {
              get(home);
              JsonNode dc = dataCenter(status(), "us-east");
              return dc.path("edgeRequestsPerSecond").asDouble(0) > before + 10
                  && dc.path("lbRequestsPerSecond").asDouble(0) > 10;
            });
    JsonNode status = status();
    assertThat(dataCenter(status, "us-east").get("lbBackends").asInt()).isEqualTo(2);
    assertThat(status.get("timeline").get(0).asText()).contains("scenario line");
  }

  @Test
  @Order(3)
  void headlessBrowserDrawsTheTopologyFromTheFeed() throws Exception {
    Optional<Path> chromium = onPath("chromium", "chromium-browser");
    assumeTrue(
        chromium.isPresent(), "no chromium or chromium-browser on PATH: browser check skipped");
    String dom = dumpDom(chromium.get(), server.uri());

    assertThat(dom).contains("id=\"topology-diagram\"");
    for (String name : List.of("edge-us-east", "lb-eu-west", "web-3", "cache", "mq", "worker")) {
      assertThat(dom).contains("<g id=\"node-" + name + "\" class=\"node up\"");
    }
    assertThat(dom).contains("id=\"node-users-us-east\"");
    long cachePid = processes.pids().get("cache");
    assertThat(dom).containsPattern("id=\"pid-cache\"[^>]*>" + cachePid + "<");
    assertThat(dom).contains("processes up").contains("scenario line for the page");
    Matcher updates = Pattern.compile("data-updates=\"(\\d+)\"").matcher(dom);
    assertThat(updates.find()).as("the feed line counts its redraws").isTrue();
    assertThat(Integer.parseInt(updates.group(1))).as("redraws in 4 s").isGreaterThanOrEqualTo(2);
  }

  @Test
  @Order(4)
  void killedWebServerShowsDownWithinSeconds() throws Exception {
    processes.kill("web-1");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              JsonNode web1 = process(status(), "web-1");
              assertThat(web1.get("up").asBoolean()).isFalse();
              assertThat(web1.get("pid").isNull()).isTrue();
            });
    assertThat(process(status(), "web-2").get("up").asBoolean()).isTrue();
  }

  @Test
  @Order(5)
  void closeReleasesThePortAtOnce() throws Exception {
    InetSocketAddress address = server.address();
    server.close();
    server.close();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(address);
      assertThat(socket.isBound()).isTrue();
    }
  }

  private static Optional<Path> onPath(String... names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (String entry : path.split(File.pathSeparator)) {
        Path candidate = Path.of(entry, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The DOM {@code chromium} has after running the page's script for a few seconds of virtual time;
   * the browser and every process it started are ended by PID, and its profile deleted.
   */
  private static String dumpDom(Path chromium, URI page) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile-");
    Path out = dir.resolve("dom.html");
    Path err = dir.resolve("chromium.log");
    Process browser =
        new ProcessBuilder(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=4000",
                "--dump-dom",
                page.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    List<ProcessHandle> family = new ArrayList<>();
    try {
      boolean exited = browser.waitFor(20, TimeUnit.SECONDS);
      assertThat(exited).as("chromium ended within 20 s; its log: %s", read(err)).isTrue();
      assertThat(browser.exitValue()).as("chromium's exit; its log: %s", read(err)).isZero();
      return read(out);
    } finally {
      browser.descendants().forEach(family::add);
      family.forEach(ProcessHandle::destroyForcibly);
      browser.destroyForcibly();
      browser.waitFor(5, TimeUnit.SECONDS);
      for (ProcessHandle child : family) {
        child.onExit().get(5, TimeUnit.SECONDS);
      }
      deleteTree(profile);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
