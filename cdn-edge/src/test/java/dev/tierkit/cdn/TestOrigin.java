package dev.tierkit.cdn;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * An origin for tests, on 127.0.0.1 port 0 (the JDK's HTTP server): each path answers as its {@link
 * Route} says, every request is counted per path and kept (method, path, headers) so a test can
 * check what the edge asked for.
 *
 * <p>{@code Date} is the real time: the JDK's server sets it on every response, whatever a route
 * says. A test that moves the edge's clock forward therefore sees later responses as that much
 * older (as with an origin whose clock runs behind), and gives them lifetimes longer than the jump
 * when they must come out fresh.
 */
final class TestOrigin implements AutoCloseable {
  /** What one request to a path gets. */
  interface Route {
    void answer(HttpExchange exchange, int count) throws IOException;
  }

  /** One request as the origin saw it. */
  record Seen(String method, String uri, Map<String, List<String>> headers) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return String.join(", ", e.getValue());
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
  final LongSupplier clock;

  TestOrigin(LongSupplier clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String full =
                exchange.getRequestURI().getRawQuery() == null
                    ? path
                    : path + "?" + exchange.getRequestURI().getRawQuery();
            seen.add(
                new Seen(
                    exchange.getRequestMethod(), full, Map.copyOf(exchange.getRequestHeaders())));
            try (InputStream in = exchange.getRequestBody()) {
              in.readAllBytes();
            }
            int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Route route = routes.get(path);
            if (route == null) {
              text(exchange, 404, "no route for " + path);
              return;
            }
            route.answer(exchange, n);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  void route(String path, Route route) {
    routes.put(path, route);
  }

  /** A path that answers 200 with {@code body} and these header pairs. */
  void fixed(String path, String body, String... headers) {
    route(
        path,
        (exchange, n) -> {
          for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
          }
          text(exchange, 200, body);
        });
  }

  int count(String path) {
    AtomicInteger c = counts.get(path);
    return c == null ? 0 : c.get();
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
    }
    boolean bodyless = status == 304 || status == 204 || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, bodyless ? -1 : bytes.length);
    if (!bodyless) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops accepting: later connects are refused. */
  void stop() {
    server.stop(0);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
