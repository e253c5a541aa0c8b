package dev.tierkit.common.admin;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.BindFailedException;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP/1.1 endpoint of a daemon.
 *
 * <p>Built-in routes: {@code GET /metrics} (Prometheus text format 0.0.4), {@code GET /healthz}
 * (200 while the process serves HTTP at all), {@code GET /readyz} (200 when ready, 503 while
 * starting or draining). Daemons add theirs through {@link #routes()}.
 *
 * <p>It runs on the runtime's one-thread admin group, apart from accepting and the request event
 * loops, and is not counted against {@code --max-connections}. It stays up while the runtime
 * drains, so {@code /readyz} can report {@code draining}.
 *
 * <p>Limits: request line 4 KiB, headers 8 KiB, body {@link #MAX_BODY_BYTES}; an idle connection is
 * closed after {@link #IDLE_TIMEOUT_SECONDS}.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

  /** The largest admin request body accepted: 1 MiB (413 beyond). */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Idle admin connections are closed after this many seconds. */
  public static final int IDLE_TIMEOUT_SECONDS = 60;

  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_BYTES = 8192;

  private final AdminRoutes routes;
  private final Listener listener;

  private AdminServer(AdminRoutes routes, Listener listener) {
    this.routes = routes;
    this.listener = listener;
  }

  /**
   * Binds the admin endpoint.
   *
   * @throws BindFailedException with one line naming the address and the cause
   */
  public static AdminServer start(
      AdminConfig config,
      DaemonRuntime runtime,
      MetricRegistry metrics,
      Readiness readiness,
      AdminRoutes routes) {
    routes.get(
        "/metrics",
        request -> new AdminResponse(200, MetricRegistry.CONTENT_TYPE, metrics.scrape()));
    routes.get("/healthz", request -> AdminResponse.ok("ok"));
    routes.get(
        "/readyz",
        request -> {
          Readiness.State state = readiness.state();
          String body = state.name().toLowerCase(java.util.Locale.ROOT);
          return AdminResponse.text(state == Readiness.State.READY ? 200 : 503, body);
        });
    AdminAuth auth = new AdminAuth(config);
    if (!config.loopbackOnly() && config.token().isEmpty()) {
      log.warn(
          "admin endpoint bound off loopback ({}) without --admin-token: mutating routes are"
              + " refused",
          config.address().getHostString());
    }
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(runtime.adminGroup())
            .channel(runtime.transport().serverChannelClass())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(0, 0, IDLE_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                            new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192),
                            new HttpServerKeepAliveHandler(),
                            new HttpObjectAggregator(MAX_BODY_BYTES),
                            new AdminHttpHandler(routes, auth));
                  }
                });
    ChannelFuture bind = bootstrap.bind(config.address()).awaitUninterruptibly();
    if (!bind.isSuccess()) {
      throw new BindFailedException(
          "cannot bind admin endpoint on "
              + config.address().getHostString()
              + ":"
              + config.address().getPort()
              + ": "
              + bind.cause().getMessage()
              + " (pick another with --admin-port, 0 = any, -1 = off)",
          bind.cause());
    }
    Listener listener =
        new Listener(
            "admin", "tcp", (InetSocketAddress) bind.channel().localAddress(), bind.channel());
    log.info("listening: {} (GET /metrics /healthz /readyz)", listener);
    return new AdminServer(routes, listener);
  }

  /** The routes, for a daemon to add its own. */
  public AdminRoutes routes() {
    return routes;
  }

  /** The bound address. */
  public Listener listener() {
    return listener;
  }

  @Override
  public void close() {
    listener.channel().close().awaitUninterruptibly();
  }
}
