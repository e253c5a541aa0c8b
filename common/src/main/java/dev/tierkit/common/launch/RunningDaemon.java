package dev.tierkit.common.launch;

import dev.tierkit.common.admin.Readiness;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A daemon started by {@link DaemonLauncher#start}: its runtime, its listeners and its admin
 * endpoint. {@link #close()} shuts it down gracefully: not ready, stop accepting, drain, close.
 */
public final class RunningDaemon implements AutoCloseable {
  private final DaemonRuntime runtime;
  private final Optional<Listener> admin;
  private final Daemon daemon;
  private final Readiness readiness;

  RunningDaemon(
      DaemonRuntime runtime, Optional<Listener> admin, Daemon daemon, Readiness readiness) {
    this.runtime = runtime;
    this.admin = admin;
    this.daemon = daemon;
    this.readiness = readiness;
  }

  public DaemonRuntime runtime() {
    return runtime;
  }

  public Daemon daemon() {
    return daemon;
  }

  /** The admin endpoint's listener; empty when it is turned off. */
  public Optional<Listener> admin() {
    return admin;
  }

  /**
   * The daemon's listener of that name (the name it gave when binding).
   *
   * @throws NoSuchElementException naming the listeners there are
   */
  public Listener listener(String name) {
    return runtime.listeners().stream()
        .filter(l -> l.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no listener '" + name + "'; there are " + runtime.listeners()));
  }

  @Override
  public void close() {
    readiness.draining();
    runtime.close();
  }
}
