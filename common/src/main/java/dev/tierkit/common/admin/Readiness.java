package dev.tierkit.common.admin;

/**
 * Whether a daemon should receive traffic, as {@code GET /readyz} reports it: {@code starting}
 * until the daemon has bound its listeners and loaded its state, {@code ready} while serving,
 * {@code draining} once shutdown has begun.
 */
public final class Readiness {
  /** The states in order; a daemon only moves forward. */
  public enum State {
    STARTING,
    READY,
    DRAINING
  }

  private volatile State state = State.STARTING;

  public State state() {
    return state;
  }

  /** The daemon is serving. */
  public void ready() {
    if (state == State.STARTING) {
      state = State.READY;
    }
  }

  /** Shutdown has begun; load balancers should stop sending traffic. */
  public void draining() {
    state = State.DRAINING;
  }
}
