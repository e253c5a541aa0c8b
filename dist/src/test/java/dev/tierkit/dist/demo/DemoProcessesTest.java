package dev.tierkit.dist.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The whole demo topology as child JVMs, with the web servers and worker replaced by {@link
 * StandInApps}: every process becomes ready, requests through an edge reach a web server through
 * the lb, dns-geo answers each network its own data center's edge and fails over when an edge dies,
 * and after close no child and no port is left.
 */
class DemoProcessesTest {
  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private DemoProcesses processes;

  @AfterEach
  void endEveryChild() {
    if (processes != null) {
      processes.close();
    }
  }

  private String get(URI url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException e) {
      return "error " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static String www(int dnsPort, String source) {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0))) {
      socket.setSoTimeout(2000);
      byte[] query =
          Message.newQuery(
                  Record.newRecord(Name.fromString("www." + DemoTopology.ZONE), Type.A, DClass.IN))
              .toWire();
      socket.send(
          new DatagramPacket(
              query,
              query.length,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), dnsPort)));
      byte[] buf = new byte[1500];
      DatagramPacket reply = new DatagramPacket(buf, buf.length);
      socket.receive(reply);
      List<Record> answer =
          new Message(Arrays.copyOf(buf, reply.getLength())).getSection(Section.ANSWER);
      return answer.isEmpty() ? "no answer" : answer.get(0).rdataToString();
    } catch (IOException e) {
      return "error " + e;
    }
  }

  private static boolean portFree(HostPort address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void wholeTopologyServesThroughEdgesAnswersByNetworkAndLeavesNothingBehind() throws Exception {
    DemoTopology topology = DemoTopology.allocate();
    DnsGeoFiles.write(topology, dir);
    List<Program> programs = DemoPrograms.of(topology, dir, new StandInApps());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    processes =
        new DemoProcesses(
            programs,
            ChildJvm.current(),
            dir.resolve("logs"),
            new PrintStream(console, true, StandardCharsets.UTF_8));

    long began = System.nanoTime();
    processes.startAll();
    System.out.printf(
        "demo topology ready in %d ms:%n%s",
        (System.nanoTime() - began) / 1_000_000, console.toString(StandardCharsets.UTF_8));

    Map<String, Long> pids = processes.pids();
    assertThat(pids.keySet())
        .containsExactlyInAnyOrderElementsOf(programs.stream().map(Program::name).toList());
    for (Program program : programs) {
      program.readyUrl().ifPresent(url -> assertThat(get(url)).startsWith("200"));
    }

    for (DataCenter dc : topology.dataCenters()) {
      List<String> webNames = dc.webs().stream().map(w -> "served by " + w.name()).toList();
      URI home = dc.edge().listen().http("/");
      // The lb lets a backend in after two passing checks (500 ms apart).
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> webNames.stream().anyMatch(get(home)::contains));
    }

    int dnsPort = topology.shared().dns().listen().port();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> www(dnsPort, "127.1.0.1").equals("127.1.0.1"));
    assertThat(www(dnsPort, "127.2.0.1")).isEqualTo("127.2.0.1");
    assertThat(www(dnsPort, "127.0.0.1"))
        .as("unmapped clients go to us-east")
        .isEqualTo("127.1.0.1");

    processes.kill("edge-us-east");
    assertThat(processes.isRunning("edge-us-east")).isFalse();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> www(dnsPort, "127.1.0.1").equals("127.2.0.1"));
    processes.start("edge-us-east");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> www(dnsPort, "127.1.0.1").equals("127.1.0.1"));

    List<Long> allPids = new ArrayList<>(processes.pids().values());
    processes.close();
    for (long pid : allPids) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("pid %d alive", pid)
          .isFalse();
    }
    List<HostPort> addresses = new ArrayList<>();
    for (DataCenter dc : topology.dataCenters()) {
      addresses.addAll(List.of(dc.edge().listen(), dc.edge().admin(), dc.lb().listen()));
      addresses.add(dc.lb().admin());
      dc.webs().forEach(w -> addresses.add(w.listen()));
    }
    DemoTopology.Shared shared = topology.shared();
    for (DemoTopology.Daemon d :
        List.of(shared.cache(), shared.mq(), shared.worker(), shared.dns())) {
      addresses.add(d.listen());
      addresses.add(d.admin());
    }
    assertThat(addresses).allSatisfy(a -> assertThat(portFree(a)).as("%s free", a).isTrue());
  }
}
