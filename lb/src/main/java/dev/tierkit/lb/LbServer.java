package dev.tierkit.lb;

import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.launch.DaemonContext;
import dev.tierkit.common.runtime.BindFailedException;
import dev.tierkit.common.runtime.Listener;
import dev.tierkit.lb.balance.AdminState;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.BalancerSettings;
import dev.tierkit.lb.balance.Pool;
import dev.tierkit.lb.balance.RetryBudget;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.LbConfig;
import dev.tierkit.lb.config.Mode;
import dev.tierkit.lb.config.PoolConfig;
import dev.tierkit.lb.health.HealthChecker;
import dev.tierkit.lb.http.HttpFrontendInitializer;
import dev.tierkit.lb.log.AccessLog;
import dev.tierkit.lb.log.FileAccessLog;
import dev.tierkit.lb.tcp.TcpFrontendInitializer;
import dev.tierkit.lb.tls.TlsContexts;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running load balancer: its upstreams (pools with live backend state), its frontends (each a
 * listener with a routing swapped on reload), health checks, the access log and the admin routes.
 *
 * <p>Reload ({@code SIGHUP}, {@code POST /reload}) reads the configuration again and reconciles: a
 * pool that still exists keeps its {@link Pool} and the {@link Backend}s that are still listed
 * (their connections, counters, health and operator state carry over); new backends join, missing
 * ones take no new requests while what runs on them finishes; weights change in place. A frontend
 * whose address, mode and TLS presence are unchanged keeps its listener and gets the new routing,
 * timeouts and limits for the requests that start afterwards; one whose address or mode changed is
 * bound anew and the old listener closed (its connections finish). A bad file changes nothing.
 * Changes made through the admin API live until the next reload.
 */
public final class LbServer implements Daemon {
  private static final Logger log = LoggerFactory.getLogger(LbServer.class);

  private final DaemonContext context;
  private final Callable<LbConfig> source;
  private final AccessLog accessLog;
  private final HealthChecker health;
  private final BackendMetrics backendMetrics;
  private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
  private final Map<String, RunningFrontend> frontends = new LinkedHashMap<>();
  private volatile LbConfig config;

  /** One bound frontend; its config and routing change on reload, its listener does not. */
  static final class RunningFrontend {
    final ClientLimiter limiter;
    final ReloadableMapping tls;
    volatile FrontendConfig config;
    volatile Routing routing;
    Listener listener;

    RunningFrontend(
        FrontendConfig config, ClientLimiter limiter, ReloadableMapping tls, Routing routing) {
      this.config = config;
      this.limiter = limiter;
      this.tls = tls;
      this.routing = routing;
    }
  }

  /** SNI contexts whose certificates a reload may replace under a running listener. */
  static final class ReloadableMapping implements Mapping<String, SslContext> {
    private volatile Mapping<String, SslContext> delegate;

    ReloadableMapping(Mapping<String, SslContext> delegate) {
      this.delegate = delegate;
    }

    @Override
    public SslContext map(String input) {
      return delegate.map(input);
    }

    void set(Mapping<String, SslContext> next) {
      delegate = next;
    }
  }

  private LbServer(DaemonContext context, LbConfig config, Callable<LbConfig> source) {
    this.context = context;
    this.source = source;
    this.config = config;
    this.accessLog =
        config.accessLog() == null
            ? AccessLog.NONE
            : FileAccessLog.open(config.accessLog(), context.metrics());
    this.health = new HealthChecker(context.runtime(), context.metrics());
    this.backendMetrics = new BackendMetrics(context.metrics());
  }

  /**
   * Starts lb: builds the pools, binds every frontend, starts health checks and adds the admin
   * routes. {@code source} re-reads the configuration on reload.
   */
  public static LbServer start(DaemonContext context, LbConfig config, Callable<LbConfig> source) {
    LbServer server = new LbServer(context, config, source);
    try {
      synchronized (server) {
        server.apply(config);
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    AdminApi.register(context.adminRoutes(), server);
    return server;
  }

  /** The configuration in force. */
  public LbConfig config() {
    return config;
  }

  /** The upstreams by pool name, in declaration order. */
  public synchronized List<Upstream> upstreams() {
    return List.copyOf(upstreams.values());
  }

  /** The upstream of pool {@code name}. */
  public synchronized Optional<Upstream> upstream(String name) {
    return Optional.ofNullable(upstreams.get(name));
  }

  /** Where each frontend listens, by name. */
  public synchronized Map<String, InetSocketAddress> frontendAddresses() {
    Map<String, InetSocketAddress> out = new LinkedHashMap<>();
    frontends.forEach((name, f) -> out.put(name, f.listener.address()));
    return out;
  }

  /** The frontends now, in declaration order. */
  synchronized List<RunningFrontend> frontends() {
    return List.copyOf(frontends.values());
  }

  @Override
  public void reload() throws Exception {
    LbConfig next = source.call();
    synchronized (this) {
      apply(next);
    }
    log.info("reloaded: {} frontends, {} pools", next.frontends().size(), next.pools().size());
  }

  private void apply(LbConfig next) {
    if (!Objects.equals(next.accessLog(), config.accessLog())) {
      throw new ConfigException(
          "the access log moved from "
              + config.accessLog()
              + " to "
              + next.accessLog()
              + ": that needs a restart");
    }
    Map<String, Mapping<String, SslContext>> tlsByFrontend = new LinkedHashMap<>();
    for (FrontendConfig f : next.frontends()) {
      if (f.tls() != null) {
        tlsByFrontend.put(f.name(), TlsContexts.build(f.tls()));
      }
    }
    Map<String, Upstream> nextUpstreams = new LinkedHashMap<>();
    for (PoolConfig pc : next.pools().values()) {
      nextUpstreams.put(pc.name(), reconcile(upstreams.get(pc.name()), pc));
    }
    for (Map.Entry<String, Upstream> old : upstreams.entrySet()) {
      if (!nextUpstreams.containsKey(old.getKey())) {
        for (Backend b : old.getValue().pool().backends()) {
          b.setAdminState(AdminState.DISABLED);
          backendMetrics.forget(old.getKey(), b);
        }
      }
    }
    upstreams.clear();
    upstreams.putAll(nextUpstreams);
    List<Listener> toClose = new ArrayList<>();
    List<String> bindFailures = new ArrayList<>();
    Map<String, RunningFrontend> nextFrontends = new LinkedHashMap<>();
    for (FrontendConfig f : next.frontends()) {
      RunningFrontend running = frontends.get(f.name());
      Routing routing = Routing.of(f, upstreams);
      if (running != null && sameListener(running.config, f)) {
        running.config = f;
        running.routing = routing;
        running.limiter.setLimit(f.maxConnectionsPerClient());
        running.limiter.setTotalLimit(f.maxConnections());
        if (running.tls != null) {
          running.tls.set(tlsByFrontend.get(f.name()));
        }
        nextFrontends.put(f.name(), running);
        continue;
      }
      try {
        nextFrontends.put(f.name(), bind(f, routing, tlsByFrontend.get(f.name())));
        if (running != null) {
          toClose.add(running.listener);
        }
      } catch (BindFailedException e) {
        if (running == null) {
          throw e;
        }
        bindFailures.add(e.getMessage());
        nextFrontends.put(f.name(), running);
      }
    }
    for (Map.Entry<String, RunningFrontend> old : frontends.entrySet()) {
      if (!nextFrontends.containsKey(old.getKey())) {
        toClose.add(old.getValue().listener);
      }
    }
    for (Listener l : toClose) {
      log.info("closing listener {}: its connections finish", l);
      l.channel().close();
    }
    frontends.clear();
    frontends.putAll(nextFrontends);
    health.update(upstreams.values());
    config = next;
    if (!bindFailures.isEmpty()) {
      throw new ConfigException(
          String.join("; ", bindFailures) + " (the old listener keeps serving; the rest applied)");
    }
  }

  private static boolean sameListener(FrontendConfig a, FrontendConfig b) {
    return a.bind().equals(b.bind())
        && a.mode() == b.mode()
        && (a.tls() == null) == (b.tls() == null);
  }

  private RunningFrontend bind(FrontendConfig f, Routing routing, Mapping<String, SslContext> tls) {
    ClientLimiter limiter = new ClientLimiter(f.maxConnectionsPerClient());
    limiter.setTotalLimit(f.maxConnections());
    RunningFrontend running =
        new RunningFrontend(f, limiter, tls == null ? null : new ReloadableMapping(tls), routing);
    FrontendContext ctx =
        new FrontendContext(
            context.runtime(),
            () -> running.routing,
            accessLog,
            context.metrics(),
            running.limiter,
            running.tls);
    ChannelHandler initializer =
        f.mode() == Mode.HTTP ? new HttpFrontendInitializer(ctx) : new TcpFrontendInitializer(ctx);
    running.listener = context.runtime().bindTcp(f.name(), f.bind(), initializer);
    log.info(
        "frontend {}: {} on {}, default pool {}{}",
        f.name(),
        f.mode().cliName(),
        running.listener.address(),
        f.pool(),
        f.tls() == null ? "" : ", TLS");
    return running;
  }

  private Upstream reconcile(Upstream existing, PoolConfig pc) {
    if (existing == null) {
      List<Backend> backends = new ArrayList<>();
      for (BackendConfig bc : pc.backends()) {
        backends.add(newBackend(bc, pc));
      }
      Pool pool = new Pool(pc.name(), pc.algorithm(), backends, settings(pc));
      backends.forEach(b -> backendMetrics.track(pc.name(), b));
      return new Upstream(pool, pc, new RetryBudget(pc.retryBudget(), 3));
    }
    Pool pool = existing.pool();
    List<Backend> kept = new ArrayList<>();
    for (BackendConfig bc : pc.backends()) {
      String id = Backend.idOf(bc.host(), bc.port());
      Optional<Backend> found = pool.find(id);
      if (found.isPresent() && found.get().maxConnections() == connectionLimit(bc, pc)) {
        found.get().setWeight(bc.weight());
        kept.add(found.get());
      } else {
        Backend fresh = newBackend(bc, pc);
        backendMetrics.track(pc.name(), fresh);
        kept.add(fresh);
      }
    }
    for (Backend b : pool.backends()) {
      if (!kept.contains(b)) {
        b.setAdminState(AdminState.DISABLED);
        backendMetrics.forget(pc.name(), b);
      }
    }
    boolean sameBalancer =
        existing.config().algorithm() == pc.algorithm()
            && existing.config().virtualNodes() == pc.virtualNodes()
            && existing.config().boundedLoad() == pc.boundedLoad();
    Pool next;
    if (sameBalancer) {
      pool.replaceBackends(kept);
      next = pool;
    } else {
      next = new Pool(pc.name(), pc.algorithm(), kept, settings(pc));
    }
    RetryBudget budget =
        existing.config().retryBudget() == pc.retryBudget()
            ? existing.retryBudget()
            : new RetryBudget(pc.retryBudget(), 3);
    return new Upstream(next, pc, budget);
  }

  private static BalancerSettings settings(PoolConfig pc) {
    return new BalancerSettings(pc.virtualNodes(), pc.boundedLoad());
  }

  private static Backend newBackend(BackendConfig bc, PoolConfig pc) {
    return new Backend(bc.host(), bc.port(), bc.weight(), connectionLimit(bc, pc));
  }

  /** A backend's own connection limit, else its pool's. */
  private static int connectionLimit(BackendConfig bc, PoolConfig pc) {
    return bc.maxConnections() != 0 ? bc.maxConnections() : pc.maxConnectionsPerBackend();
  }

  /**
   * Adds a backend to a pool at runtime (admin API); it is health-checked like the others.
   *
   * @throws IllegalArgumentException when the pool is unknown or the backend is there already
   */
  public synchronized Backend addBackend(String poolName, BackendConfig bc) {
    Upstream up = upstreams.get(poolName);
    if (up == null) {
      throw new IllegalArgumentException("no pool named " + poolName);
    }
    Backend b = newBackend(bc, up.config());
    up.pool().add(b);
    backendMetrics.track(poolName, b);
    health.update(upstreams.values());
    return b;
  }

  /** Removes a backend at runtime: no new requests; what runs on it finishes. */
  public synchronized Optional<Backend> removeBackend(String poolName, String id) {
    Upstream up = upstreams.get(poolName);
    if (up == null) {
      return Optional.empty();
    }
    Optional<Backend> removed = up.pool().remove(id);
    removed.ifPresent(b -> backendMetrics.forget(poolName, b));
    health.update(upstreams.values());
    return removed;
  }

  @Override
  public void close() {
    health.close();
    accessLog.close();
  }
}
