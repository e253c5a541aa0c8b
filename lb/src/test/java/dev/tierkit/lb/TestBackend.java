package dev.tierkit.lb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP backend for tests: answers every path with its own name (body and {@code
 * X-Backend}), {@code /slow?ms=N} after N milliseconds, and counts the requests it served.
 */
final class TestBackend implements AutoCloseable {
  final String name;
  final AtomicInteger requests = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);

  TestBackend(String name) throws IOException {
    this.name = name;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String query = exchange.getRequestURI().getQuery();
          if (exchange.getRequestURI().getPath().equals("/slow") && query != null) {
            try {
              Thread.sleep(Long.parseLong(query.substring(query.indexOf('=') + 1)));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.getRequestBody().readAllBytes();
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("X-Backend", name);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
