package dev.tierkit.dist.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for {@code tierkit demo-web} in tests, run as a child JVM: accepts the same {@code
 * --name value} options, serves {@code /healthz} with 200 and every other path with {@code served
 * by NAME}, marked uncacheable so each request reaches a web server.
 */
public final class StandInWeb {
  private StandInWeb() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    String name = options.getOrDefault("--name", "web");
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(
                InetAddress.getByName(options.get("--bind")),
                Integer.parseInt(options.get("--port"))),
            50);
    server.createContext(
        "/",
        exchange -> {
          boolean health = exchange.getRequestURI().getPath().equals("/healthz");
          byte[] body =
              (health ? "ok\n" : "served by " + name + "\n").getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Cache-Control", "no-store");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    System.out.println("stand-in " + name + " listening on " + server.getAddress());
  }
}
