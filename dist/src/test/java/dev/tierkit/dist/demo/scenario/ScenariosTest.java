package dev.tierkit.dist.demo.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.dist.demo.DemoTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario runner's verdicts and report, with scenarios that need no running system. */
class ScenariosTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final Timeline timeline =
      new Timeline(new PrintStream(printed, true, StandardCharsets.UTF_8));
  private final ScenarioContext ctx =
      new ScenarioContext(DemoTopology.allocate(), null, null, timeline, Pace.BRIEF);

  private record Fixed(String name, List<Check> checks, RuntimeException failure)
      implements Scenario {
    @Override
    public String claim() {
      return "a claim";
    }

    @Override
    public List<Check> run(ScenarioContext context) {
      context.timeline().at("something happened");
      if (failure != null) {
        throw failure;
      }
      return checks;
    }
  }

  @Test
  void theTourIsTheFiveScenariosInTheIssuesOrder() {
    assertThat(Scenarios.names())
        .containsExactly(
            "backend-failure", "datacenter-failure", "deploy", "worker-outage", "cache-restart");
    assertThat(Scenarios.named("deploy")).isPresent();
    assertThat(Scenarios.named("nope")).isEmpty();
  }

  @Test
  void aScenarioHoldsOnlyWhenEveryCheckHeld() throws Exception {
    List<Scenarios.Outcome> outcomes =
        Scenarios.run(
            List.of(
                new Fixed(
                    "good", List.of(new Check("a", true, "1"), new Check("b", true, "2")), null),
                new Fixed(
                    "bad", List.of(new Check("a", true, "1"), new Check("b", false, "9")), null),
                new Fixed("empty", List.of(), null)),
            ctx);

    assertThat(outcomes).extracting(Scenarios.Outcome::held).containsExactly(true, false, false);
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(report)
        .contains("== good: the claim held")
        .contains("FAIL  b: 9")
        .contains("== bad: THE CLAIM FAILED")
        .contains("something happened")
        .contains("== tour:");
  }

  @Test
  void aScenarioThatThrowsFailsAndTheNextStillRuns() throws Exception {
    List<Scenarios.Outcome> outcomes =
        Scenarios.run(
            List.of(
                new Fixed("broken", List.of(), new IllegalStateException("web-1 would not start")),
                new Fixed("after", List.of(new Check("a", true, "1")), null)),
            ctx);

    assertThat(outcomes).extracting(Scenarios.Outcome::held).containsExactly(false, true);
    assertThat(outcomes.get(0).checks().get(0).figures()).isEqualTo("web-1 would not start");
    assertThat(timeline.lines()).anyMatch(l -> l.contains("THE CLAIM FAILED"));
  }
}
