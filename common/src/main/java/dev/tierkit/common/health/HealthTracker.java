package dev.tierkit.common.health;

/**
 * Rise and fall for one checked server (a backend, an origin): the run of equal check results
 * needed before its state flips. An up backend goes down after {@code fall} failed checks in a row,
 * a down one comes up after {@code rise} passed checks in a row; any result against the run starts
 * it over, so a flapping backend stays where it is.
 *
 * <p>Not thread-safe: one backend's checks run one at a time on one event loop, which is the only
 * caller.
 */
public final class HealthTracker {
  /** What a result did to the state. */
  public enum Change {
    /** Nothing flipped. */
    NONE,
    /** The backend just came up. */
    UP,
    /** The backend just went down. */
    DOWN
  }

  private int rise;
  private int fall;
  private boolean healthy;
  private int run;

  /**
   * @param rise passed checks in a row that bring a down backend up, at least 1
   * @param fall failed checks in a row that take an up backend down, at least 1
   * @param healthy the state to start from
   */
  public HealthTracker(int rise, int fall, boolean healthy) {
    setThresholds(rise, fall);
    this.healthy = healthy;
  }

  /**
   * Changes rise and fall (a reload); the current run counts against the new thresholds.
   *
   * @throws IllegalArgumentException when either is below 1
   */
  public void setThresholds(int rise, int fall) {
    if (rise < 1 || fall < 1) {
      throw new IllegalArgumentException(
          "rise and fall must be >= 1, got rise " + rise + ", fall " + fall);
    }
    this.rise = rise;
    this.fall = fall;
  }

  /** Counts one check result and says whether it flipped the state. */
  public Change record(boolean passed) {
    if (passed == healthy) {
      // A result that agrees with the state ends any run towards the other state.
      run = 0;
      return Change.NONE;
    }
    run++;
    if (run < (healthy ? fall : rise)) {
      return Change.NONE;
    }
    healthy = passed;
    run = 0;
    return passed ? Change.UP : Change.DOWN;
  }

  public boolean healthy() {
    return healthy;
  }

  /** Results in a row against the current state: how far the backend is towards flipping. */
  public int run() {
    return run;
  }
}
