package dev.tierkit.dist.demo.app;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tierkit.common.metrics.MetricRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's web tier: a stateless HTTP/1.1 application whose only state lives in cache-server
 * (sessions, job results) and mq-broker (jobs), so any number of copies can stand behind lb.
 *
 * <p>Routes:
 *
 * <ul>
 *   <li>{@code GET /}: who answered (name, DC), who is logged in, links to the versioned assets;
 *       {@code Cache-Control: private, no-store}.
 *   <li>{@code POST /login} (form {@code user=}): a new session under {@code session:<sid>} for the
 *       session TTL, cookie {@code sid}, 303 to {@code /}.
 *   <li>{@code GET /static/app.js}, {@code /static/style.css}: generated for the current asset
 *       version, cacheable for a year, {@code Surrogate-Key: static v<N>}, ETag.
 *   <li>{@code POST /photo} (logged in; form {@code width}, {@code height}, {@code seed}, all
 *       optional): a confirmed job in {@code photo-jobs}, 202 with the job id.
 *   <li>{@code GET /photo/<id>}: the worker's result from {@code job:<id>}, or {@code pending}.
 *   <li>{@code POST /admin/asset-version?v=N}: direct loopback clients only (not through lb or
 *       cdn-edge); the new asset version.
 *   <li>{@code GET /healthz}, {@code GET /metrics}.
 * </ul>
 *
 * <p>It runs on the JDK's {@code HttpServer} rather than the Netty runtime: every request blocks on
 * spymemcached or a publisher confirm, which must not happen on an event loop, and a thread pool
 * under a blocking server is the plainest correct shape for that. An unreachable daemon costs one
 * request a 503 after at most {@link DemoCache#OP_TIMEOUT} or {@link AmqpSettings#TIMEOUT}; a
 * missing session, including every session after a cache restart, is simply a logged-out user.
 *
 * <p>Limits: request bodies over {@value #MAX_BODY} bytes get a 413; user names are 1 to 32 of
 * {@code [A-Za-z0-9._-]}.
 */
public final class DemoWebApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWebApp.class);

  /** Largest request body read: the forms here are a few dozen bytes. */
  static final int MAX_BODY = 4096;

  /** How long job results and thumbnails stay in cache-server. */
  static final Duration RESULT_TTL = Duration.ofHours(1);

  private static final String USER_PATTERN = "[A-Za-z0-9._-]{1,32}";
  private static final String HEX_ID = "[0-9a-f]{1,64}";

  private final DemoWebConfig config;
  private final HttpServer server;
  private final ExecutorService executor;
  private final DemoCache cache;
  private final JobPublisher publisher;
  private final MetricRegistry metrics = new MetricRegistry();
  private final AtomicLong assetVersion;
  private final SecureRandom random = new SecureRandom();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  private DemoWebApp(DemoWebConfig config, HttpServer server, ExecutorService executor) {
    this.config = config;
    this.server = server;
    this.executor = executor;
    this.cache = DemoCache.connect(config.cache());
    this.publisher = new JobPublisher(config.amqp());
    this.assetVersion = new AtomicLong(config.assetVersion());
    metrics.gauge(
        "demo_web_asset_version", "The asset version pages link.", () -> assetVersion.get());
  }

  /**
   * Binds the listener and starts serving. The cache and broker connections are made in the
   * background and on first use, so the web tier starts even while they are still down.
   *
   * @throws IOException when the address cannot be bound
   */
  public static DemoWebApp start(DemoWebConfig config) throws IOException {
    HttpServer server = HttpServer.create(config.address(), 128);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "demo-web-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    DemoWebApp app;
    try {
      app = new DemoWebApp(config, server, executor);
    } catch (RuntimeException e) {
      server.stop(0);
      executor.shutdownNow();
      throw e;
    }
    server.setExecutor(executor);
    server.createContext("/", app::handle);
    server.start();
    log.info(
        "demo-web {} ({}) listening on {}, cache {}, amqp {}",
        config.name(),
        config.dc(),
        app.address(),
        config.cache(),
        config.amqp().address());
    return app;
  }

  /** The bound address (the real port when the config said 0). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The asset version pages currently link. */
  public long assetVersion() {
    return assetVersion.get();
  }

  /** The metrics {@code /metrics} serves. */
  public MetricRegistry metrics() {
    return metrics;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    String route = route(path);
    metrics.counter("demo_web_requests_total", "Requests by route.", "route", route).increment();
    try {
      switch (route) {
        case "page" -> requireMethod(exchange, method, "GET", () -> page(exchange));
        case "login" -> requireMethod(exchange, method, "POST", () -> login(exchange));
        case "static" -> requireMethod(exchange, method, "GET", () -> asset(exchange, path));
        case "photo" -> photo(exchange, method, path);
        case "admin" -> requireMethod(exchange, method, "POST", () -> adminAssetVersion(exchange));
        case "health" -> send(exchange, 200, "text/plain; charset=utf-8", "ok\n");
        case "metrics" -> send(exchange, 200, MetricRegistry.CONTENT_TYPE, metrics.scrape());
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      }
    } catch (CacheUnavailableException e) {
      error(exchange, "cache_unavailable", 503, "cache-server is unavailable, try again\n", e);
    } catch (BrokerUnavailableException e) {
      error(exchange, "broker_unavailable", 503, "mq-broker is unavailable, try again\n", e);
    } catch (BadRequestException e) {
      error(exchange, "bad_request", e.status, e.getMessage() + "\n", null);
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, path, e);
      error(exchange, "internal", 500, "internal error\n", null);
    } finally {
      exchange.close();
    }
  }

  private static String route(String path) {
    if (path.equals("/")) {
      return "page";
    }
    if (path.equals("/login")) {
      return "login";
    }
    if (path.startsWith("/static/")) {
      return "static";
    }
    if (path.equals("/photo") || path.startsWith("/photo/")) {
      return "photo";
    }
    if (path.equals("/admin/asset-version")) {
      return "admin";
    }
    if (path.equals("/healthz")) {
      return "health";
    }
    if (path.equals("/metrics")) {
      return "metrics";
    }
    return "other";
  }

  private void error(HttpExchange exchange, String kind, int status, String body, Exception cause)
      throws IOException {
    metrics.counter("demo_web_errors_total", "Failed requests by cause.", "kind", kind).increment();
    if (cause != null) {
      log.warn(
          "{} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), cause.toString());
    }
    try {
      send(exchange, status, "text/plain; charset=utf-8", body);
    } catch (IOException | RuntimeException e) {
      // The response had already started; the client sees a cut connection instead.
      log.debug("could not send the {} response", status, e);
    }
  }

  // ---- GET / and POST /login

  private void page(HttpExchange exchange) throws IOException {
    Optional<String> user = currentUser(exchange);
    long version = assetVersion.get();
    String who =
        user.map(u -> "Logged in as <span class=\"who\">" + html(u) + "</span>.")
            .orElse("Not logged in: please log in.");
    String body =
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>tierkit demo</title>\n"
            + "<link rel=\"stylesheet\" href=\"/static/style.css?v="
            + version
            + "\">\n<script src=\"/static/app.js?v="
            + version
            + "\"></script></head>\n<body>\n<h1>tierkit demo</h1>\n"
            + "<p>Served by <span class=\"server\">"
            + html(config.name())
            + "</span> in <span class=\"dc\">"
            + html(config.dc())
            + "</span>.</p>\n<p class=\"user\">"
            + who
            + "</p>\n"
            + "<form method=\"post\" action=\"/login\"><input name=\"user\">"
            + "<button>Log in</button></form>\n"
            + (user.isPresent()
                ? "<form method=\"post\" action=\"/photo\"><button>Make a thumbnail</button></form>\n"
                : "")
            + "<p id=\"asset-version\">assets v"
            + version
            + "</p>\n</body></html>\n";
    exchange.getResponseHeaders().set("Cache-Control", "private, no-store");
    send(exchange, 200, "text/html; charset=utf-8", body);
  }

  /**
   * The user of the request's session. A missing cookie, an unknown session and an unreachable
   * cache all mean "logged out": losing the cache must cost users their login, not the page.
   */
  private Optional<String> currentUser(HttpExchange exchange) {
    Optional<String> sid =
        cookie(exchange.getRequestHeaders(), "sid").filter(s -> s.matches(HEX_ID));
    if (sid.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<String> user = cache.getString("session:" + sid.get());
      sessionLookup(user.isPresent() ? "hit" : "miss");
      return user;
    } catch (CacheUnavailableException e) {
      sessionLookup("unavailable");
      log.warn("session lookup failed, treating the request as logged out: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private void sessionLookup(String result) {
    metrics
        .counter("demo_web_session_lookups_total", "Session lookups by result.", "result", result)
        .increment();
  }

  private void login(HttpExchange exchange)
      throws IOException, CacheUnavailableException, BadRequestException {
    String user = form(exchange).getOrDefault("user", "");
    if (!user.matches(USER_PATTERN)) {
      throw new BadRequestException(400, "user must be 1 to 32 of [A-Za-z0-9._-]");
    }
    String sid = randomHex(16);
    cache.set("session:" + sid, config.sessionTtl(), user);
    Headers headers = exchange.getResponseHeaders();
    headers.set(
        "Set-Cookie",
        "sid="
            + sid
            + "; Path=/; Max-Age="
            + config.sessionTtl().toSeconds()
            + "; HttpOnly; SameSite=Lax");
    headers.set("Location", "/");
    headers.set("Cache-Control", "no-store");
    send(exchange, 303, "text/plain; charset=utf-8", "logged in as " + user + "\n");
  }

  // ---- static assets

  /**
   * Serves {@code path} at the version the URL asks ({@code ?v=N}), else the current one. Every
   * version is available, as in an asset store that keeps each build's files: a page that linked
   * version N still gets N after a deploy, and a page of an already switched web server gets N+1
   * from one not yet switched. Unknown paths and bad versions are 404s that no cache keeps.
   */
  private void asset(HttpExchange exchange, String path) throws IOException {
    String v = query(exchange.getRequestURI()).get("v");
    long version = v == null ? assetVersion.get() : parseVersion(v);
    Optional<StaticAssets.Asset> found =
        version < 1 ? Optional.empty() : StaticAssets.get(path, version);
    if (found.isEmpty()) {
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    StaticAssets.Asset asset = found.get();
    metrics
        .counter(
            "demo_web_asset_fetches_total",
            "Asset requests that reached the origin, by path and asset version.",
            "path",
            path,
            "version",
            Long.toString(version))
        .increment();
    Headers headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "public, max-age=31536000, immutable");
    headers.set("Surrogate-Key", "static v" + version);
    headers.set("ETag", asset.etag());
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (ifNoneMatch != null && ifNoneMatch.contains(asset.etag())) {
      exchange.sendResponseHeaders(304, -1);
      return;
    }
    headers.set("Content-Type", asset.contentType());
    byte[] body = asset.body();
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The version {@code v} names, or -1 when it is not a plain decimal number. */
  private static long parseVersion(String v) {
    if (!v.matches("[0-9]{1,12}")) {
      return -1;
    }
    return Long.parseLong(v);
  }

  private void adminAssetVersion(HttpExchange exchange) throws IOException, BadRequestException {
    // In the demo, lb and cdn-edge run on loopback too: a request they forwarded (they add
    // X-Forwarded-For and Via) is a client's, not the operator's, however local its socket is.
    Headers request = exchange.getRequestHeaders();
    if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()
        || request.containsKey("X-Forwarded-For")
        || request.containsKey("Via")) {
      throw new BadRequestException(403, "the admin routes answer direct loopback clients only");
    }
    String v = query(exchange.getRequestURI()).getOrDefault("v", "");
    long version;
    try {
      version = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new BadRequestException(400, "v must be a non-negative number");
    }
    if (version < 0) {
      throw new BadRequestException(400, "v must be a non-negative number");
    }
    long previous = assetVersion.getAndSet(version);
    log.info("asset version {} -> {}", previous, version);
    send(exchange, 200, "text/plain; charset=utf-8", "asset-version " + version + "\n");
  }

  // ---- photo jobs

  private void photo(HttpExchange exchange, String method, String path)
      throws IOException,
          CacheUnavailableException,
          BrokerUnavailableException,
          BadRequestException {
    if (path.equals("/photo")) {
      if (!method.equals("POST")) {
        throw new BadRequestException(405, "use POST /photo");
      }
      submitPhoto(exchange);
      return;
    }
    if (!method.equals("GET")) {
      throw new BadRequestException(405, "use GET /photo/<id>");
    }
    String id = path.substring("/photo/".length());
    if (!id.matches(HEX_ID)) {
      throw new BadRequestException(404, "no such job");
    }
    Optional<String> result = cache.getString("job:" + id);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(
        exchange,
        200,
        "application/json",
        result.orElse("{\"id\":\"" + id + "\",\"status\":\"pending\"}"));
  }

  private void submitPhoto(HttpExchange exchange)
      throws IOException, BrokerUnavailableException, BadRequestException {
    Optional<String> user = currentUser(exchange);
    if (user.isEmpty()) {
      throw new BadRequestException(401, "please log in first");
    }
    Map<String, String> form = form(exchange);
    // With an Idempotency-Key the job's id and image seed come from the key: a repeat of the
    // request (a client's, or the lb's after this server died mid-request) is the same job, and
    // the worker renders and stores the same result for it however many times it is queued.
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    byte[] fromKey = key == null ? null : sha256(user.get() + "\n" + key);
    PhotoJob job;
    try {
      job =
          new PhotoJob(
              fromKey == null ? randomHex(12) : HexFormat.of().formatHex(fromKey, 0, 12),
              user.get(),
              intField(form, "width", 1600),
              intField(form, "height", 1200),
              form.containsKey("seed")
                  ? Long.parseLong(form.get("seed"))
                  : fromKey == null
                      ? random.nextLong()
                      : ByteBuffer.wrap(fromKey, 12, 8).getLong());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(400, e.getMessage());
    }
    publisher.publish(job);
    metrics
        .counter("demo_web_jobs_published_total", "Photo jobs confirmed by mq-broker.")
        .increment();
    exchange.getResponseHeaders().set("Location", "/photo/" + job.id());
    send(exchange, 202, "application/json", "{\"id\":\"" + job.id() + "\",\"status\":\"queued\"}");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static int intField(Map<String, String> form, String name, int fallback) {
    String value = form.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  // ---- plumbing

  @FunctionalInterface
  private interface Action {
    void run()
        throws IOException,
            CacheUnavailableException,
            BrokerUnavailableException,
            BadRequestException;
  }

  private static void requireMethod(
      HttpExchange exchange, String method, String expected, Action action)
      throws IOException,
          CacheUnavailableException,
          BrokerUnavailableException,
          BadRequestException {
    if (!method.equals(expected)) {
      exchange.getResponseHeaders().set("Allow", expected);
      throw new BadRequestException(405, "use " + expected);
    }
    action.run();
  }

  /** A request the client got wrong, answered with {@code status} and the message. */
  private static final class BadRequestException extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequestException(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static Map<String, String> form(HttpExchange exchange)
      throws IOException, BadRequestException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new BadRequestException(413, "request body over " + MAX_BODY + " bytes");
    }
    return parsePairs(new String(body, StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(URI uri) {
    String raw = uri.getRawQuery();
    return raw == null ? Map.of() : parsePairs(raw);
  }

  private static Map<String, String> parsePairs(String encoded) {
    Map<String, String> pairs = new HashMap<>();
    for (String pair : encoded.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.putIfAbsent(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return pairs;
  }

  static Optional<String> cookie(Headers headers, String name) {
    for (String header : headers.getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";", -1)) {
        String p = part.trim();
        if (p.startsWith(name + "=")) {
          return Optional.of(p.substring(name.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitClosed() throws InterruptedException {
    closedLatch.await();
  }

  /** Stops accepting, gives running requests a second to finish, and closes the clients. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.stop(1);
      executor.shutdown();
      try {
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        executor.shutdownNow();
      }
      publisher.close();
      cache.close();
    } finally {
      closedLatch.countDown();
    }
  }
}
