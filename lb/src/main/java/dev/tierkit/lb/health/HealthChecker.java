package dev.tierkit.lb.health;

import dev.tierkit.common.health.HealthTracker;
import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.lb.Upstream;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.config.HealthCheckConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: every backend of every pool whose {@link HealthCheckConfig#kind()} is TCP
 * or HTTP is checked every {@code interval}, and its {@link Backend#healthy()} follows the results
 * through a {@link HealthTracker} ({@code fall} failures in a row take it down, {@code rise} passes
 * bring it back). Each flip is logged at info, each check counted in {@code
 * tierkit_lb_health_checks_total{pool,backend,result}} and described in {@link Backend#lastCheck}.
 *
 * <p>A check is a fresh connection each time (a kept-alive one would not notice a listener that
 * stopped accepting), made on one of the runtime's event loops and never blocking it: TCP passes
 * when the connect succeeds; HTTP sends {@code GET path HTTP/1.1} with {@code Host} (the configured
 * host, else the backend's {@code host:port}), {@code Connection: close} and {@code User-Agent:
 * tierkit-lb-health}, and passes when the status is {@code expectStatus} (0: any 2xx or 3xx).
 * Nothing past the status line and headers is looked at. Host names that are not address literals
 * are resolved on one thread of the checker's own, off the event loops.
 *
 * <p>Scheduling: one backend's checks never overlap; the next starts {@code interval} after the
 * previous one started, or at once when that one took longer. The first check of a backend comes
 * after a random delay below {@code min(interval, 1 s)}, so a reload of many backends does not
 * check them all in one burst.
 *
 * <p>Limits: a check is bounded by {@code timeout} (connect included: {@code
 * CONNECT_TIMEOUT_MILLIS} is the same); the response's status line and headers are bounded by
 * {@link HttpClientCodec}'s defaults (4096-byte line, 8192 bytes of headers): a response past them
 * fails the check.
 *
 * <p>{@link #update} may be called again at any time (reload, a backend added at runtime): a
 * backend still present keeps its state and its schedule, one no longer present is no longer
 * checked and is marked healthy again (a pool that turns checks off must not keep a backend out for
 * ever). Thread-safe.
 */
public final class HealthChecker implements AutoCloseable {
  static final String USER_AGENT = "tierkit-lb-health";

  private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);
  private static final long MAX_FIRST_DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final DaemonRuntime runtime;
  private final MetricRegistry metrics;
  private final Map<Backend, Check> checks = new IdentityHashMap<>();
  private final ExecutorService resolver =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "lb-health-resolver");
            t.setDaemon(true);
            return t;
          });
  private boolean closed;

  /** A checker that checks nothing until {@link #update}. */
  public HealthChecker(DaemonRuntime runtime, MetricRegistry metrics) {
    this.runtime = runtime;
    this.metrics = metrics;
  }

  /** What one backend is checked for: its pool's name and check settings. */
  private record Target(String pool, HealthCheckConfig config) {}

  /**
   * Checks the backends of {@code upstreams} whose pools have a TCP or HTTP check, and stops
   * checking every other backend.
   *
   * @throws IllegalStateException after {@link #close}
   */
  public synchronized void update(Collection<Upstream> upstreams) {
    if (closed) {
      throw new IllegalStateException("health checker is closed");
    }
    Map<Backend, Target> wanted = new IdentityHashMap<>();
    for (Upstream upstream : upstreams) {
      HealthCheckConfig config = upstream.config().healthCheck();
      if (config.kind() == HealthCheckConfig.Kind.NONE) {
        continue;
      }
      for (Backend b : upstream.pool().backends()) {
        wanted.put(b, new Target(upstream.pool().name(), config));
      }
    }
    for (Iterator<Map.Entry<Backend, Check>> it = checks.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Backend, Check> entry = it.next();
      if (!wanted.containsKey(entry.getKey())) {
        entry.getValue().stop();
        entry.getKey().setHealthy(true);
        entry.getKey().setLastCheck("not checked");
        it.remove();
      }
    }
    for (Map.Entry<Backend, Target> entry : wanted.entrySet()) {
      Check check = checks.get(entry.getKey());
      if (check == null) {
        check = new Check(entry.getKey(), entry.getValue());
        checks.put(entry.getKey(), check);
        check.start();
      } else {
        check.reconfigure(entry.getValue());
      }
    }
  }

  /** Backends being checked now. */
  public synchronized int checked() {
    return checks.size();
  }

  /** Stops every check, aborting those in flight; backends keep the state they have. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    checks.values().forEach(Check::stop);
    checks.clear();
    resolver.shutdownNow();
  }

  /** Why a connection attempt failed, in a few words. */
  static String describe(Throwable cause) {
    if (cause instanceof ConnectTimeoutException) {
      return "connect timed out";
    }
    String message = cause.getMessage();
    if (cause instanceof ConnectException) {
      return message != null && message.toLowerCase(Locale.ROOT).contains("refused")
          ? "connection refused"
          : "connect failed: " + message;
    }
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  /**
   * One backend's checks. Everything but {@link #target}, {@link #stopped} and the counters is
   * confined to {@link #loop}: checks, timeouts and results of one backend all run there.
   */
  private final class Check {
    private final Backend backend;
    private final EventLoop loop;
    private final HealthTracker tracker;
    private volatile Target target;
    private volatile Counter passed;
    private volatile Counter failed;
    private volatile boolean stopped;
    private Attempt attempt;
    private ScheduledFuture<?> next;

    Check(Backend backend, Target target) {
      this.backend = backend;
      this.loop = runtime.workerGroup().next();
      this.tracker =
          new HealthTracker(target.config().rise(), target.config().fall(), backend.healthy());
      setTarget(target);
    }

    private void setTarget(Target target) {
      this.target = target;
      this.passed = counter(target.pool(), "pass");
      this.failed = counter(target.pool(), "fail");
    }

    private Counter counter(String pool, String result) {
      return metrics.counter(
          "tierkit_lb_health_checks_total",
          "Active health checks run, by pool, backend and result (pass or fail).",
          "pool",
          pool,
          "backend",
          backend.id(),
          "result",
          result);
    }

    void start() {
      long interval = target.config().interval().toNanos();
      long delay = ThreadLocalRandom.current().nextLong(Math.min(interval, MAX_FIRST_DELAY_NANOS));
      onLoop(() -> next = loop.schedule(this::run, delay, TimeUnit.NANOSECONDS));
    }

    void reconfigure(Target target) {
      setTarget(target);
      onLoop(() -> tracker.setThresholds(target.config().rise(), target.config().fall()));
    }

    void stop() {
      stopped = true;
      onLoop(
          () -> {
            if (next != null) {
              next.cancel(false);
            }
            if (attempt != null) {
              attempt.abort();
            }
          });
    }

    private void onLoop(Runnable task) {
      try {
        loop.execute(task);
      } catch (RejectedExecutionException e) {
        // The runtime is shutting down: nothing is checked any more anyway.
      }
    }

    private void run() {
      if (stopped) {
        return;
      }
      attempt = new Attempt(this, target);
      attempt.begin();
    }

    /** Counts a finished check, flips the backend if the tracker says so, schedules the next. */
    void completed(Attempt done, boolean ok, String detail) {
      if (attempt == done) {
        attempt = null;
      }
      if (stopped) {
        return;
      }
      long elapsed = System.nanoTime() - done.startedNanos;
      backend.setLastCheck(
          (ok ? "passed: " : "failed: ")
              + detail
              + " in "
              + TimeUnit.NANOSECONDS.toMillis(elapsed)
              + " ms");
      (ok ? passed : failed).increment();
      Target t = done.target;
      switch (tracker.record(ok)) {
        case DOWN -> {
          backend.setHealthy(false);
          log.info(
              "pool {} backend {} is DOWN: {} ({} failed checks)",
              t.pool(),
              backend.id(),
              detail,
              t.config().fall());
        }
        case UP -> {
          backend.setHealthy(true);
          backend.clearEjection();
          log.info(
              "pool {} backend {} is UP: {} ({} passed checks)",
              t.pool(),
              backend.id(),
              detail,
              t.config().rise());
        }
        case NONE -> {}
      }
      long delay = Math.max(0, target.config().interval().toNanos() - elapsed);
      next = loop.schedule(this::run, delay, TimeUnit.NANOSECONDS);
    }
  }

  /** One check of one backend: connect, maybe one HTTP exchange, one result. On the loop. */
  private final class Attempt {
    private final Check check;
    private final Target target;
    private final long startedNanos = System.nanoTime();
    private ScheduledFuture<?> timeout;
    private Channel channel;
    private boolean done;

    Attempt(Check check, Target target) {
      this.check = check;
      this.target = target;
    }

    void begin() {
      long limit = target.config().timeout().toNanos();
      timeout =
          check.loop.schedule(
              () ->
                  finish(false, "timed out after " + target.config().timeout().toMillis() + " ms"),
              limit,
              TimeUnit.NANOSECONDS);
      Backend b = check.backend;
      InetAddress literal = NetUtil.createInetAddressFromIpAddressString(b.host());
      if (literal != null) {
        connect(new InetSocketAddress(literal, b.port()));
        return;
      }
      try {
        resolver.execute(
            () -> {
              try {
                InetAddress address = InetAddress.getByName(b.host());
                check.onLoop(() -> connect(new InetSocketAddress(address, b.port())));
              } catch (UnknownHostException e) {
                check.onLoop(() -> finish(false, "unknown host " + b.host()));
              }
            });
      } catch (RejectedExecutionException e) {
        finish(false, "health checker closed");
      }
    }

    private void connect(InetSocketAddress address) {
      if (done) {
        return;
      }
      boolean http = target.config().kind() == HealthCheckConfig.Kind.HTTP;
      int connectMillis =
          (int) Math.max(1, Math.min(Integer.MAX_VALUE, target.config().timeout().toMillis()));
      ChannelHandler handler =
          http
              ? new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                  ch.pipeline().addLast(new HttpClientCodec(), new HttpProbe(Attempt.this));
                }
              }
              : new ChannelInboundHandlerAdapter();
      ChannelFuture connected =
          runtime
              .clientBootstrap(check.loop)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis)
              .handler(handler)
              .connect(address);
      channel = connected.channel();
      connected.addListener(
          f -> {
            if (!f.isSuccess()) {
              finish(false, describe(f.cause()));
            } else if (!http) {
              finish(true, "connected");
            }
          });
    }

    void finish(boolean ok, String detail) {
      if (done) {
        return;
      }
      abort();
      check.completed(this, ok, detail);
    }

    void abort() {
      done = true;
      if (timeout != null) {
        timeout.cancel(false);
      }
      if (channel != null) {
        channel.close();
      }
    }

    /** The HTTP check's request and the status it expects. */
    void sendRequest(ChannelHandlerContext ctx) {
      HealthCheckConfig config = target.config();
      DefaultFullHttpRequest request =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path());
      request
          .headers()
          .set(HttpHeaderNames.HOST, config.host() != null ? config.host() : check.backend.id())
          .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
          .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
          .set(HttpHeaderNames.CONTENT_LENGTH, 0);
      ctx.writeAndFlush(request)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  finish(false, "request not sent: " + describe(f.cause()));
                }
              });
    }

    void responded(HttpResponse response) {
      if (response.decoderResult().isFailure()) {
        finish(false, "malformed response: " + describe(response.decoderResult().cause()));
        return;
      }
      int status = response.status().code();
      int expect = target.config().expectStatus();
      boolean ok = expect == 0 ? status >= 200 && status < 400 : status == expect;
      finish(
          ok,
          ok ? "HTTP " + status : "HTTP " + status + (expect == 0 ? "" : ", expected " + expect));
    }
  }

  /** Sends the request once connected and hands the response head to its attempt. */
  private static final class HttpProbe extends SimpleChannelInboundHandler<HttpObject> {
    private final Attempt attempt;

    HttpProbe(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      attempt.sendRequest(ctx);
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse response) {
        attempt.responded(response);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      attempt.finish(false, "connection closed before a response");
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      attempt.finish(false, describe(cause));
    }
  }
}
