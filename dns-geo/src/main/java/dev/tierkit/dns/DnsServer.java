package dev.tierkit.dns;

import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.launch.DaemonContext;
import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.Listener;
import dev.tierkit.dns.server.DnsListeners;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dns-geo daemon: UDP and TCP listeners on one port answering from an immutable {@link
 * Snapshot} of zones and geo data, which {@link #reload()} (SIGHUP, {@code POST /reload}) replaces
 * in one atomic swap. A query reads the snapshot once, so it is answered wholly from the old data
 * or wholly from the new; a broken file fails the reload with its file and line and the old
 * snapshot keeps serving.
 */
public final class DnsServer implements Daemon {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

  private final DnsConfig config;
  private final MetricRegistry registry;
  private final AtomicReference<Snapshot> snapshot;
  private final Counter reloads;
  private final Counter reloadFailures;
  private final Map<String, LongAdder> answersByDatacenter = new ConcurrentHashMap<>();
  private volatile List<Listener> listeners = List.of();

  private DnsServer(DnsConfig config, Snapshot first, MetricRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.snapshot = new AtomicReference<>(first);
    String name = "tierkit_dns_reloads_total";
    String help = "Reloads of zones and geo data, by result.";
    this.reloads = registry.counter(name, help, "result", "ok");
    this.reloadFailures = registry.counter(name, help, "result", "failed");
    registry.gauge("tierkit_dns_zones", "Zones being served.", () -> snapshot.get().zoneCount());
    registry.gauge(
        "tierkit_dns_records",
        "Static records in the zones being served.",
        () -> snapshot.get().recordCount());
    registry.gauge(
        "tierkit_dns_snapshot_loaded_seconds",
        "When the snapshot being served was loaded (Unix time).",
        () -> snapshot.get().loadedAtMillis() / 1000.0);
    registerDatacenters(first);
  }

  /**
   * One {@code tierkit_dns_geo_answers_total} series per data center. The counters live in the
   * health state, which hands them on at a reload, so a series never goes backwards; a data center
   * a reload removed keeps its last value.
   */
  private void registerDatacenters(Snapshot s) {
    if (s.geo() == null) {
      return;
    }
    var health = s.geo().health();
    for (int i = 0; i < health.datacenters().size(); i++) {
      String dc = health.datacenters().get(i);
      LongAdder adder = health.answers(i);
      if (answersByDatacenter.put(dc, adder) == null) {
        registry.counterFunction(
            "tierkit_dns_geo_answers_total",
            "Geo answers given, by the data center they sent the client to.",
            () -> answersByDatacenter.get(dc).sum(),
            "datacenter",
            dc);
      }
    }
  }

  /**
   * Loads the zones and geo data, starts the health checks and binds the listeners.
   *
   * @throws dev.tierkit.common.config.ConfigException when a file is bad (one line, file and line)
   */
  public static DnsServer start(DaemonContext context, DnsConfig config) {
    Snapshot first = Snapshot.load(config, null);
    DnsServer server = new DnsServer(config, first, context.metrics());
    try {
      first.start();
      server.listeners =
          DnsListeners.bind(
              context.runtime(), config, () -> server.snapshot.get().zones(), context.metrics());
      AdminApi.register(context.adminRoutes(), server);
      log.info("serving {}", first.describe());
      return server;
    } catch (RuntimeException | Error e) {
      first.close();
      throw e;
    }
  }

  /** The snapshot answering queries now. */
  public Snapshot snapshot() {
    return snapshot.get();
  }

  /** The listeners: TCP first, then the UDP sockets, all on one port. */
  public List<Listener> listeners() {
    return listeners;
  }

  /** The port DNS is served on (UDP and TCP). */
  public int port() {
    return listeners.get(0).port();
  }

  @Override
  public synchronized void reload() {
    Snapshot current = snapshot.get();
    Snapshot next;
    try {
      next = Snapshot.load(config, current);
    } catch (RuntimeException e) {
      reloadFailures.increment();
      throw e;
    }
    next.start();
    registerDatacenters(next);
    snapshot.set(next);
    current.close();
    reloads.increment();
    log.info("reloaded: {}", next.describe());
  }

  @Override
  public void close() {
    snapshot.get().close();
  }
}
