package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.dns.zone.Client;
import dev.tierkit.dns.zone.DynamicRRset;
import dev.tierkit.dns.zone.WireRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real listener, a compiled config and a running checker: answers follow the listener. */
class GeoFailoverTest {
  @TempDir Path dir;
  private ServerSocket usEast;
  private HealthChecker checker;

  @AfterEach
  void close() throws IOException {
    if (checker != null) {
      checker.close();
    }
    if (usEast != null) {
      usEast.close();
    }
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private CompiledGeo load(int port) throws IOException {
    Path file = dir.resolve("geo.yaml");
    Files.writeString(
        file,
        """
        datacenters:
          us-east:
            checks: [ { name: lb, tcp: "127.0.0.1:%d" } ]
          eu-west: {}
        health: { interval: 100ms, timeout: 100ms }
        maps:
          default: [us-east, eu-west]
        resources:
          www.example.com:
            datacenters:
              us-east:
                records: [ { type: A, data: 127.1.0.1 } ]
              eu-west:
                records: [ { type: A, data: 127.2.0.1 } ]
        """
            .formatted(port));
    return CompiledGeo.load(file);
  }

  private static String answer(DynamicRRset rrset) throws IOException {
    WireRecord r = rrset.select(Client.of(InetAddress.getByName("192.0.2.1"))).records().get(0);
    return InetAddress.getByAddress(r.rdata()).getHostAddress();
  }

  @Test
  void answersMoveToTheNextDataCenterWhileTheFirstIsDownAndBack() throws IOException {
    usEast = listen(0);
    int port = usEast.getLocalPort();
    CompiledGeo geo = load(port);
    DynamicRRset www = geo.rrsets().get(0);
    checker = new HealthChecker(geo).start();
    assertThat(answer(www)).isEqualTo("127.1.0.1");

    usEast.close();
    // fall 2 at 100 ms: down within about 300 ms.
    await().atMost(Duration.ofSeconds(2)).until(() -> answer(www).equals("127.2.0.1"));
    usEast = listen(port);
    await().atMost(Duration.ofSeconds(2)).until(() -> answer(www).equals("127.1.0.1"));
  }

  @Test
  void reloadedConfigKeepsADownDataCenterDown() throws IOException {
    usEast = listen(0);
    int port = usEast.getLocalPort();
    CompiledGeo geo = load(port);
    checker = new HealthChecker(geo).start();
    usEast.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> !geo.health().isUp(0));

    CompiledGeo reloaded = load(port);
    reloaded.health().adopt(geo.health());
    checker.close();
    checker = new HealthChecker(reloaded).start();
    assertThat(answer(reloaded.rrsets().get(0))).isEqualTo("127.2.0.1");
  }

  @Test
  void selectIsSafeFromManyThreadsWhileHealthChanges() throws Exception {
    CompiledGeo geo = load(9);
    DynamicRRset www = geo.rrsets().get(0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  int answered = 0;
                  for (int i = 0; i < 20_000; i++) {
                    String a = answer(www);
                    if (a.equals("127.1.0.1") || a.equals("127.2.0.1")) {
                      answered++;
                    }
                  }
                  return answered;
                }));
      }
      for (int i = 0; i < 1_000; i++) {
        geo.health().setUp(0, i % 2 == 0);
      }
      for (Future<Integer> f : results) {
        assertThat(f.get()).isEqualTo(20_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
