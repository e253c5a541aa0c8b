package dev.tierkit.dist.demo.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The demo's status page on its admin port: {@code GET /} the page, {@code /status.js} and {@code
 * /status.css} what it needs, {@code GET /status.json} the live figures it redraws from every
 * second; 404 for any other path, 405 for any other method.
 *
 * <p>The page fetches nothing from anywhere else, and says so to the browser: every answer carries
 * {@code Content-Security-Policy: default-src 'self'}, so a stray external font or script would be
 * refused, not silently loaded. The three files are read from the class path once, at start.
 *
 * <p>It runs on the JDK's {@code HttpServer}, as the demo's web app does: one person's browser
 * polling once a second needs no event loop, and its dispatcher thread serves every request.
 */
public final class StatusServer implements AutoCloseable {
  /** The policy every answer carries: only this server's own files. */
  static final String CSP = "default-src 'self'";

  private static final String RESOURCES = "/dev/tierkit/dist/demo/status/";

  private final HttpServer server;
  private final Map<String, Asset> assets;
  private final Supplier<String> json;
  private boolean closed;

  private record Asset(String type, byte[] body) {}

  private StatusServer(HttpServer server, Map<String, Asset> assets, Supplier<String> json) {
    this.server = server;
    this.assets = assets;
    this.json = json;
  }

  /** Serves {@code figures} on {@code address} (port 0 picks a free one). */
  public static StatusServer start(InetSocketAddress address, LiveFigures figures)
      throws IOException {
    return start(address, figures::toJson);
  }

  /**
   * Serves the page on {@code address} (port 0 picks a free one), with {@code json} as the body of
   * {@code /status.json}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static StatusServer start(InetSocketAddress address, Supplier<String> json)
      throws IOException {
    Objects.requireNonNull(json, "json");
    Map<String, Asset> assets =
        Map.of(
            "/", new Asset("text/html; charset=utf-8", resource("index.html")),
            "/status.js", new Asset("text/javascript; charset=utf-8", resource("status.js")),
            "/status.css", new Asset("text/css; charset=utf-8", resource("status.css")));
    HttpServer server = HttpServer.create(address, 16);
    StatusServer status = new StatusServer(server, assets, json);
    server.createContext("/", status::serve);
    server.start();
    return status;
  }

  private static byte[] resource(String name) {
    try (InputStream in = StatusServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("status page file " + RESOURCES + name + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCES + name, e);
    }
  }

  /** The address bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The page's URL, {@code http://host:port/}. */
  public URI uri() {
    InetSocketAddress a = address();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/");
  }

  /** Stops at once: open requests are cut, the port is released. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    server.stop(0);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(
            exchange,
            405,
            "text/plain; charset=utf-8",
            "only GET\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/status.json")) {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body;
        try {
          body = json.get().getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
          // The page shows the feed as unreachable and retries next second.
          send(
              exchange,
              500,
              "text/plain; charset=utf-8",
              (e + "\n").getBytes(StandardCharsets.UTF_8));
          return;
        }
        send(exchange, 200, "application/json", body);
        return;
      }
      Asset asset = assets.get(path);
      if (asset == null) {
        send(
            exchange,
            404,
            "text/plain; charset=utf-8",
            "not found\n".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, asset.type(), asset.body());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    if (exchange.getRequestMethod().equals("HEAD")) {
      // The length a GET would send, and no body (RFC 9110 section 9.3.2).
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
