package dev.tierkit.cdn;

import dev.tierkit.cdn.http.EdgeContext;
import dev.tierkit.cdn.http.EdgeInitializer;
import dev.tierkit.cdn.http.EdgeMetrics;
import dev.tierkit.cdn.origin.OriginHealth;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.purge.PurgeGenerations;
import dev.tierkit.cdn.store.ObjectStore;
import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.launch.DaemonContext;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.Listener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.LongSupplier;

/**
 * The running edge: the store (memory and, with {@code --disk-dir}, disk), the purge generations
 * (kept in the disk directory so a purge survives a restart), the origins and their health checks,
 * the HTTP listener (named {@value #LISTENER}) and the admin routes. Embeddable: {@link #start}
 * binds and returns; the launcher drains the runtime and then calls {@link #close()}.
 */
public final class CdnServer implements Daemon {
  /** The name of the HTTP listener (tests look its port up by it). */
  public static final String LISTENER = "http";

  private final ObjectStore store;
  private final PurgeGenerations generations;
  private final OriginHealth health;
  private final EdgeInitializer initializer;
  private final Listener listener;

  private CdnServer(
      ObjectStore store,
      PurgeGenerations generations,
      OriginHealth health,
      EdgeInitializer initializer,
      Listener listener) {
    this.store = store;
    this.generations = generations;
    this.health = health;
    this.initializer = initializer;
    this.listener = listener;
  }

  /** Opens the store, starts health checks and binds the edge on {@code context}'s runtime. */
  public static CdnServer start(DaemonContext context, CdnConfig config) {
    return start(context, config, System::currentTimeMillis);
  }

  /** {@link #start(DaemonContext, CdnConfig)} with the clock the cache reads (for tests). */
  public static CdnServer start(DaemonContext context, CdnConfig config, LongSupplier clock) {
    PurgeGenerations generations = null;
    ObjectStore store = null;
    OriginHealth health = null;
    try {
      if (config.store().diskDir() != null) {
        Files.createDirectories(config.store().diskDir());
        generations = PurgeGenerations.open(config.store().diskDir().resolve("purges.log"));
      } else {
        generations = PurgeGenerations.inMemory();
      }
      store = ObjectStore.open(config.store(), generations, clock);
      OriginSet origins = new OriginSet(config.origins(), config.balance());
      health =
          new OriginHealth(context.runtime(), origins, config.health(), config.originHostHeader());
      EdgeContext edge =
          new EdgeContext(
              config,
              context.runtime(),
              store,
              generations,
              origins,
              new EdgeMetrics(context.metrics()),
              clock);
      registerStoreMetrics(context.metrics(), store);
      EdgeInitializer initializer = new EdgeInitializer(edge);
      Listener listener = context.runtime().bindTcp(LISTENER, config.address(), initializer);
      AdminApi.register(context.adminRoutes(), store, generations, edge.keys(), origins);
      return new CdnServer(store, generations, health, initializer, listener);
    } catch (IOException e) {
      closeQuietly(health, store, generations);
      throw new UncheckedIOException("cannot open the cache store: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(health, store, generations);
      throw e;
    }
  }

  private static void registerStoreMetrics(MetricRegistry registry, ObjectStore store) {
    registry.gauge(
        "tierkit_cdn_memory_bytes",
        "Bytes held by the memory tier.",
        () -> store.stats().memoryBytes());
    registry.gauge(
        "tierkit_cdn_memory_objects",
        "Objects (variants) in the memory tier.",
        () -> store.stats().memoryObjects());
    registry.gauge(
        "tierkit_cdn_disk_bytes", "Bytes held by the disk tier.", () -> store.stats().diskBytes());
    registry.gauge(
        "tierkit_cdn_disk_objects",
        "Objects (variants) in the disk tier.",
        () -> store.stats().diskObjects());
    registry.counterFunction(
        "tierkit_cdn_evictions_total",
        "Objects evicted from the memory tier for space.",
        () -> store.stats().evictions());
  }

  private static void closeQuietly(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Already failing; the first error is the one reported.
        }
      }
    }
  }

  public Listener listener() {
    return listener;
  }

  public ObjectStore store() {
    return store;
  }

  @Override
  public void close() {
    health.close();
    initializer.closePools();
    closeQuietly(store, generations);
  }
}
