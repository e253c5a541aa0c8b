package dev.tierkit.dist.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.dist.TierkitCommand;
import dev.tierkit.dist.demo.DemoTopology.Node;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo's description and its derived command lines and files, without starting anything. */
class DemoTopologyTest {
  private final DemoTopology topology = DemoTopology.allocate();

  @Test
  void defaultTopologyHasTwoDataCentersOnTheirOwnLoopbackNetworks() {
    assertThat(topology.dataCenters())
        .extracting(DemoTopology.DataCenter::name)
        .containsExactly("us-east", "eu-west");
    assertThat(topology.dataCenters().get(0).edge().listen().host()).isEqualTo("127.1.0.1");
    assertThat(topology.dataCenters().get(1).edge().listen().host()).isEqualTo("127.2.0.1");
    assertThat(topology.dataCenters().get(1).webs())
        .allSatisfy(web -> assertThat(web.listen().host()).startsWith("127.2.0."));
  }

  @Test
  void everyListenerGetsItsOwnPort() {
    Set<String> seen = new HashSet<>();
    for (Node node : topology.nodes()) {
      for (String address : List.of(node.listen(), node.admin())) {
        if (!address.equals("-")) {
          assertThat(seen.add(address.substring(address.indexOf(':')))).as(address).isTrue();
        }
      }
    }
    assertThat(topology.nodes()).hasSize(12);
  }

  @Test
  void tableListsEveryProcessWithItsAddresses() {
    String table = topology.table();
    for (Node node : topology.nodes()) {
      assertThat(table).contains(node.name()).contains(node.listen());
    }
    assertThat(table).contains("us-east: clients from 127.1.0.0/16");
  }

  @Test
  void geoFileMapsEachNetworkToItsDataCenterFirstAndAnswersItsEdge() {
    String geo = DnsGeoFiles.geo(topology);
    assertThat(geo)
        .contains("127.1.0.0/16: [us-east, eu-west]")
        .contains("127.2.0.0/16: [eu-west, us-east]")
        .contains("default: [us-east, eu-west]")
        .contains("www.demo.tierkit.test.:")
        .contains("static.demo.tierkit.test.:")
        .contains("tcp: \"" + topology.dataCenters().get(1).edge().listen() + "\"")
        .contains("data: 127.2.0.1");
  }

  @Test
  void startOrderPutsBackendsBeforeWhatFrontsThem() {
    List<Program> programs = DemoPrograms.of(topology, Path.of("/tmp/x"), new StandInApps());
    List<String> byStage =
        programs.stream()
            .sorted(java.util.Comparator.comparingInt(Program::stage))
            .map(Program::name)
            .toList();
    assertThat(byStage.indexOf("cache")).isLessThan(byStage.indexOf("mq"));
    assertThat(byStage.indexOf("mq")).isLessThan(byStage.indexOf("web-1"));
    assertThat(byStage.indexOf("web-4")).isLessThan(byStage.indexOf("worker"));
    assertThat(byStage.indexOf("worker")).isLessThan(byStage.indexOf("lb-us-east"));
    assertThat(byStage.indexOf("lb-eu-west")).isLessThan(byStage.indexOf("edge-us-east"));
    assertThat(byStage.get(byStage.size() - 1)).isEqualTo("dns");
  }

  @Test
  void realAppsRunTheHiddenSubcommands() {
    List<Program> programs = DemoPrograms.of(topology, Path.of("/tmp/x"), DemoApps.tierkit());
    Program web = programs.stream().filter(p -> p.name().equals("web-3")).findFirst().orElseThrow();
    assertThat(web.args())
        .startsWith("demo-web")
        .containsSequence("--name", "web-3")
        .containsSequence("--dc", "eu-west")
        .containsSequence("--cache", topology.shared().cache().listen().toString())
        .containsSequence("--amqp", topology.shared().mq().listen().toString());
    Program worker =
        programs.stream().filter(p -> p.name().equals("worker")).findFirst().orElseThrow();
    assertThat(worker.args())
        .startsWith("demo-worker")
        .containsSequence("--prefetch", "4")
        .containsSequence(
            "--admin-port", Integer.toString(topology.shared().worker().admin().port()));
    assertThat(worker.readyUrl()).contains(topology.shared().worker().admin().http("/healthz"));
  }

  @Test
  void readyLineGivesEachEdgeUrlAndTheDigCommand() {
    int dnsPort = topology.shared().dns().listen().port();
    assertThat(DemoCommand.readyLine(topology))
        .contains("http://" + topology.dataCenters().get(0).edge().listen() + "/")
        .contains("http://" + topology.dataCenters().get(1).edge().listen() + "/")
        .contains("dig @127.0.0.1 -p " + dnsPort + " www.demo.tierkit.test");
  }

  @Test
  void unknownScenarioExitsTwoNamingTheKnownOnes() {
    StringWriter err = new StringWriter();
    int code =
        CommandLines.execute(
            new TierkitCommand(),
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "demo",
            "--scenario",
            "dc-down");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no scenario named 'dc-down'").contains("backend-failure");
  }
}
