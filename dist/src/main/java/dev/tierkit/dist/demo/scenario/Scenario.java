package dev.tierkit.dist.demo.scenario;

import java.util.List;

/**
 * One failure scenario: it breaks something in the running demo, repairs it, and returns the checks
 * of its claim. It must leave every process running as it found it, so that the next scenario of a
 * tour starts from a whole system.
 */
public interface Scenario {
  /** The name {@code --scenario} takes. */
  String name();

  /** The claim, one line: what is broken and what users should see. */
  String claim();

  /** Runs the scenario; the timeline gets its events as they happen. */
  List<Check> run(ScenarioContext context) throws InterruptedException;
}
