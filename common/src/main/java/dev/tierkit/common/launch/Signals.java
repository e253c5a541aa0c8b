package dev.tierkit.common.launch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Installs the process's signal handlers.
 *
 * <p>Why {@code sun.misc.Signal} rather than a shutdown hook: a JVM that exits through a shutdown
 * hook on SIGTERM reports status 143, and operators (and systemd) expect a daemon that shut down
 * cleanly to exit 0. Handling the signal lets the main thread drain, return and exit 0. The API
 * lives in the {@code jdk.unsupported} module, which every JDK ships and exports.
 */
final class Signals {
  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /**
   * On the first SIGTERM or SIGINT runs {@code shutdown}; on a second, exits at once with status 1
   * (the operator's way out of a drain they do not want to wait for). On SIGHUP runs {@code
   * reload}.
   */
  static void install(Runnable shutdown, Runnable reload) {
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      handle(
          name,
          () -> {
            if (stopping.compareAndSet(false, true)) {
              log.info("SIG{} received: shutting down gracefully", name);
              shutdown.run();
            } else {
              log.warn("SIG{} received again: exiting without finishing the drain", name);
              Runtime.getRuntime().halt(1);
            }
          });
    }
    handle("HUP", reload);
  }

  private static void handle(String name, Runnable action) {
    try {
      Signal.handle(new Signal(name), signal -> action.run());
    } catch (IllegalArgumentException e) {
      log.debug("cannot handle SIG{} on this platform: {}", name, e.getMessage());
    }
  }
}
