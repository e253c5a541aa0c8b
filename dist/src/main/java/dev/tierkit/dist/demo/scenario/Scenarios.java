package dev.tierkit.dist.demo.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios, in tour order, and how to run some of them: each one's claim, its timeline, its
 * checks, and a verdict; then, for more than one, a summary.
 */
public final class Scenarios {
  private static final List<Scenario> ALL =
      List.of(
          new BackendFailure(),
          new DataCenterFailure(),
          new Deploy(),
          new WorkerOutage(),
          new CacheRestart());

  private Scenarios() {}

  /** The scenario names, in tour order. */
  public static List<String> names() {
    return ALL.stream().map(Scenario::name).toList();
  }

  /** The scenario called {@code name}. */
  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every scenario, in tour order. */
  public static List<Scenario> tour() {
    return ALL;
  }

  /** One scenario's outcome. */
  public record Outcome(String name, List<Check> checks, double seconds) {
    /** Whether every check held. */
    public boolean held() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::held);
    }
  }

  /**
   * Runs {@code scenarios} one after another, printing each one's timeline and checks; returns
   * their outcomes. A scenario that throws is a failed outcome, and the rest still run: each leaves
   * the system whole, or the next one's checks will say it is not.
   */
  public static List<Outcome> run(List<Scenario> scenarios, ScenarioContext ctx)
      throws InterruptedException {
    List<Outcome> outcomes = new ArrayList<>();
    Timeline t = ctx.timeline();
    for (Scenario scenario : scenarios) {
      long began = System.nanoTime();
      t.begin("== " + scenario.name() + ": " + scenario.claim());
      List<Check> checks;
      try {
        checks = scenario.run(ctx);
      } catch (RuntimeException e) {
        checks = List.of(new Check(scenario.name() + " ran to the end", false, e.getMessage()));
      }
      Outcome outcome = new Outcome(scenario.name(), checks, (System.nanoTime() - began) / 1e9);
      for (Check check : checks) {
        t.note("  " + check);
      }
      t.note(
          String.format(
              "== %s: %s (%.1f s)",
              scenario.name(),
              outcome.held() ? "the claim held" : "THE CLAIM FAILED",
              outcome.seconds()));
      outcomes.add(outcome);
    }
    if (scenarios.size() > 1) {
      t.note("== tour:");
      for (Outcome o : outcomes) {
        t.note(String.format("  %-20s %s", o.name(), o.held() ? "held" : "FAILED"));
      }
    }
    return outcomes;
  }
}
