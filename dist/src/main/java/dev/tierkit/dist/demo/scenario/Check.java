package dev.tierkit.dist.demo.scenario;

/**
 * One claim a scenario checked, whether it held, and the figures that say so.
 *
 * @param claim what should be true, e.g. "no user request failed"
 * @param held whether it was
 * @param figures what was measured, e.g. "0 of 812 failed"
 */
public record Check(String claim, boolean held, String figures) {
  /** The check as a line of the report. */
  @Override
  public String toString() {
    return (held ? "PASS  " : "FAIL  ") + claim + ": " + figures;
  }
}
