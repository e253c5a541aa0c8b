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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a daemon process, the same for every daemon: start the runtime and the admin
 * endpoint, start the daemon, report ready, wait for SIGTERM/SIGINT, drain, close, return.
 *
 * <p>SIGHUP and {@code POST /reload} call {@link Daemon#reload()} on a thread of their own.
 */
public final class DaemonLauncher {
  private static final Logger log = LoggerFactory.getLogger(DaemonLauncher.class);

  private final String name;
  private final RuntimeConfig runtimeConfig;
  private final AdminConfig adminConfig;
  private final CountDownLatch shutdownRequested = new CountDownLatch(1);
  private final ExecutorService reloads =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
          });

  public DaemonLauncher(String name, RuntimeConfig runtimeConfig, AdminConfig adminConfig) {
    this.name = name;
    this.runtimeConfig = runtimeConfig;
    this.adminConfig = adminConfig;
  }

  /**
   * Runs the daemon until a shutdown signal, then drains and closes it.
   *
   * @return the exit code: 0 after a clean shutdown
   * @throws BindFailedException when a listener cannot be bound (exit code 1)
   * @throws Exception when the daemon fails to start
   */
  public int run(DaemonFactory factory) throws Exception {
    long started = System.nanoTime();
    // Signals first: a SIGTERM during a long start (a log replay) must still end in a drain.
    AtomicReference<Daemon> running = new AtomicReference<>();
    Signals.install(
        shutdownRequested::countDown, () -> reloads.execute(() -> reload(running.get())));
    MetricRegistry metrics = new MetricRegistry();
    ProcessMetrics.register(metrics);
    Readiness readiness = new Readiness();
    AdminRoutes routes = new AdminRoutes();
    DaemonRuntime runtime = DaemonRuntime.start(runtimeConfig, metrics);
    Daemon daemon;
    try {
      if (adminConfig.enabled()) {
        AdminServer admin = AdminServer.start(adminConfig, runtime, metrics, readiness, routes);
        runtime.onClose(admin);
      }
      daemon = factory.start(new DaemonContext(runtime, metrics, routes));
    } catch (Exception | Error e) {
      runtime.close();
      throw e;
    }
    runtime.onClose(daemon);
    running.set(daemon);
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
    shutdownRequested.await();
    readiness.draining();
    runtime.close();
    reloads.shutdownNow();
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
