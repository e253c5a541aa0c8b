package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tierkit.common.launch.RunningDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/**
 * Health-checked failover of a real dns-geo: when the first data center's endpoint goes down the
 * answers move to the next one within the default check timings, and come back when it recovers.
 */
class FailoverTest {
  @TempDir Path dir;

  private static String geo(String usEastCheck) {
    return """
        datacenters:
          us-east:
            checks:
              - %s
          eu-west: {}
        maps:
          default: [us-east, eu-west]
        resources:
          www.example.test.:
            ttl: 5
            datacenters:
              us-east: { records: [ { type: A, data: 127.1.0.1 } ] }
              eu-west: { records: [ { type: A, data: 127.2.0.1 } ] }
        """
        .formatted(usEastCheck);
  }

  private static String www(DnsClient client) {
    try {
      Message reply = client.udp(DnsClient.query("www.example.test.", Type.A));
      return reply.getSection(org.xbill.DNS.Section.ANSWER).get(0).rdataToString();
    } catch (IOException e) {
      return "error: " + e;
    }
  }

  @Test
  void tcpCheckFailsOverAndBackWithinTwoSeconds() throws Exception {
    ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    int endpointPort = endpoint.getLocalPort();
    Path geo = dir.resolve("geo.yaml");
    Files.writeString(geo, geo("{ name: lb, tcp: \"127.0.0.1:" + endpointPort + "\" }"));
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, geo))) {
      DnsClient client = new DnsClient(TestDns.port(daemon));
      assertThat(www(client)).isEqualTo("127.1.0.1");

      long down = System.nanoTime();
      endpoint.close();
      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> www(client).equals("127.2.0.1"));
      long failoverMillis = (System.nanoTime() - down) / 1_000_000;
      System.out.println("dns-geo failover after a TCP endpoint closed: " + failoverMillis + " ms");

      endpoint = new ServerSocket();
      endpoint.setReuseAddress(true);
      endpoint.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpointPort), 50);
      await()
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> www(client).equals("127.1.0.1"));
    } finally {
      endpoint.close();
    }
  }

  @Test
  void httpCheckFollowsTheStatus() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/healthz",
        exchange -> {
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    http.start();
    try {
      Path geo = dir.resolve("geo.yaml");
      Files.writeString(
          geo,
          geo(
              "{ name: edge, http: \"http://127.0.0.1:"
                  + http.getAddress().getPort()
                  + "/healthz\" }"));
      Path zone = TestDns.copy("/it/example.test.zone", dir);
      try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, geo))) {
        DnsClient client = new DnsClient(TestDns.port(daemon));
        await().atMost(Duration.ofSeconds(2)).until(() -> www(client).equals("127.1.0.1"));
        status.set(503);
        await()
            .atMost(Duration.ofSeconds(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> www(client).equals("127.2.0.1"));
        status.set(204);
        await()
            .atMost(Duration.ofSeconds(3))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> www(client).equals("127.1.0.1"));
      }
    } finally {
      http.stop(0);
    }
  }

  @Test
  void adminRouteForcesADataCenterDownAndBack() throws Exception {
    Path geo = dir.resolve("geo.yaml");
    ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Files.writeString(geo, geo("{ name: lb, tcp: \"127.0.0.1:" + endpoint.getLocalPort() + "\" }"));
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    HttpClient http = HttpClient.newHttpClient();
    try (endpoint;
        RunningDaemon daemon = TestDns.start(TestDns.config(zone, geo))) {
      DnsClient client = new DnsClient(TestDns.port(daemon));
      int admin = daemon.admin().orElseThrow().port();
      assertThat(www(client)).isEqualTo("127.1.0.1");
      HttpResponse<String> forced =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + admin
                              + "/datacenters/force?name=us-east&state=down"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(forced.statusCode()).isEqualTo(200);
      assertThat(www(client)).isEqualTo("127.2.0.1");
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/datacenters"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.body()).contains("\"us-east\"").contains("\"forced\":\"down\"");
      http.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + admin + "/datacenters/force?name=us-east&state=auto"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(www(client)).isEqualTo("127.1.0.1");
      HttpResponse<String> unknown =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + admin + "/datacenters/force?name=mars&state=down"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }
}
