package dev.tierkit.common.launch;

import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.admin.AdminResponse;
import dev.tierkit.common.admin.AdminRoutes;
import dev.tierkit.common.admin.AdminServer;
import dev.tierkit.common.admin.Readiness;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.metrics.ProcessMetrics;
import dev.tierkit.common.runtime.BindFailedException;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.RuntimeConfig;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a daemon, the same for every daemon: start the runtime and the admin endpoint, start
 * the daemon, report ready; later drain and close.
 *
 * <p>{@link #run} is the process form a command calls: it handles signals from the very start,
 * waits for SIGTERM/SIGINT and returns the exit code; SIGHUP reloads on a thread of its own. {@link
 * #start} is the embeddable form (tests, several daemons in one process): it returns a {@link
 * RunningDaemon} at once, which {@code close()} drains and stops.
 */
public final class DaemonLauncher {
  private static final Logger log = LoggerFactory.getLogger(DaemonLauncher.class);

  private final String name;
  private final RuntimeConfig runtimeConfig;
  private final AdminConfig adminConfig;

  public DaemonLauncher(String name, RuntimeConfig runtimeConfig, AdminConfig adminConfig) {
    this.name = name;
    this.runtimeConfig = runtimeConfig;
    this.adminConfig = adminConfig;
  }

  /**
   * Starts the runtime, the admin endpoint (when enabled) and the daemon, and reports it ready.
   *
   * @throws BindFailedException when a listener cannot be bound; nothing is left running
   * @throws Exception when the daemon fails to start; nothing is left running
   */
  public RunningDaemon start(DaemonFactory factory) throws Exception {
    long started = System.nanoTime();
    MetricRegistry metrics = new MetricRegistry();
    ProcessMetrics.register(metrics);
    Readiness readiness = new Readiness();
    AdminRoutes routes = new AdminRoutes();
    DaemonRuntime runtime = DaemonRuntime.start(runtimeConfig, metrics);
    Optional<AdminServer> admin = Optional.empty();
    Daemon daemon;
    try {
      if (adminConfig.enabled()) {
        admin = Optional.of(AdminServer.start(adminConfig, runtime, metrics, readiness, routes));
        runtime.onClose(admin.get());
      }
      daemon = factory.start(new DaemonContext(runtime, metrics, routes));
    } catch (Exception | Error e) {
      runtime.close();
      throw e;
    }
    runtime.onClose(daemon);
    routes.post(
        "/reload",
        request -> {
          try {
            daemon.reload();
            return AdminResponse.ok("reloaded");
          } catch (UnsupportedOperationException e) {
            return AdminResponse.text(501, e.getMessage());
          }
        });
    readiness.ready();
    log.info("{} ready in {} ms", name, (System.nanoTime() - started) / 1_000_000);
    return new RunningDaemon(runtime, admin.map(AdminServer::listener), daemon, readiness);
  }

  /**
   * Runs the daemon until SIGTERM or SIGINT, then drains and closes it.
   *
   * @return the exit code: 0 after a clean shutdown
   * @throws BindFailedException when a listener cannot be bound (exit code 1)
   * @throws Exception when the daemon fails to start
   */
  public int run(DaemonFactory factory) throws Exception {
    CountDownLatch shutdownRequested = new CountDownLatch(1);
    AtomicReference<Daemon> running = new AtomicReference<>();
    ExecutorService reloads =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "reload");
              t.setDaemon(true);
              return t;
            });
    // Signals first: a SIGTERM during a long start (a log replay) must still end in a drain.
    Signals.install(
        shutdownRequested::countDown, () -> reloads.execute(() -> reload(running.get())));
    try (RunningDaemon daemon = start(factory)) {
      running.set(daemon.daemon());
      shutdownRequested.await();
    } finally {
      reloads.shutdownNow();
    }
    return 0;
  }

  private void reload(Daemon daemon) {
    if (daemon == null) {
      log.warn("{}: still starting; reload ignored", name);
      return;
    }
    try {
      daemon.reload();
      log.info("{} configuration reloaded", name);
    } catch (UnsupportedOperationException e) {
      log.warn("{}: {}", name, e.getMessage());
    } catch (Exception e) {
      log.error(
          "{}: reload failed, previous configuration stays in force: {}", name, e.getMessage());
    }
  }
}
