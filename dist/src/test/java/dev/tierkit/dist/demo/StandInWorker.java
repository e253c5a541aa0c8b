package dev.tierkit.dist.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * A stand-in for {@code tierkit demo-worker} in tests, run as a child JVM: prints its arguments,
 * serves {@code /healthz} and an empty {@code /metrics} on 127.0.0.1 at {@code --admin-port} (as
 * the real worker does) and stays up until it is ended, which is all the process side of the demo
 * needs of a worker.
 */
public final class StandInWorker {
  private StandInWorker() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.out.println("stand-in worker " + String.join(" ", args));
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--admin-port")) {
        serveAdmin(Integer.parseInt(args[i + 1]));
      }
    }
    new CountDownLatch(1).await();
  }

  private static void serveAdmin(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 16);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          boolean known = path.equals("/healthz") || path.equals("/metrics");
          byte[] body =
              (path.equals("/healthz") ? "ok\n" : known ? "" : "not found\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }
}
