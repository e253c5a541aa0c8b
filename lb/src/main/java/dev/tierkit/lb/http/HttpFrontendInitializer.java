package dev.tierkit.lb.http;

import dev.tierkit.common.http.ClientResponseEncoder;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.http.StrictHttpRequestDecoder;
import dev.tierkit.common.net.AddressList;
import dev.tierkit.lb.FrontendContext;
import dev.tierkit.lb.Routing;
import dev.tierkit.lb.config.FrontendConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SniHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets up a client connection of an HTTP frontend; the server passes it to {@code runtime.bindTcp}.
 * The pipeline reads like the stack: TLS ({@link SniHandler}, when the frontend terminates TLS), a
 * watcher that notes when a request's first byte arrives (for the header timeout), the request
 * decoder, the response encoder, and the {@link HttpProxyHandler}.
 *
 * <p>Connections beyond the frontend's per-client limit are closed at once. Each event loop has one
 * {@link BackendConnectionPool} per frontend, made on first use.
 *
 * <p>Limits: request line, header block and body from the frontend's {@link HttpLimits}; decoded
 * body pieces are at most 64 KiB each.
 */
@ChannelHandler.Sharable
public final class HttpFrontendInitializer extends ChannelInitializer<Channel> {
  static final String TLS = "tls";
  static final String WATCHER = "request-start";
  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String PROXY = "proxy";

  private final FrontendContext ctx;
  private final HttpProxyMetrics metrics;
  private final ConcurrentHashMap<EventLoop, BackendConnectionPool> pools =
      new ConcurrentHashMap<>();
  private final Duration poolIdleTimeout;
  private volatile Trusted trusted;

  /** The trusted-proxy networks as last configured, parsed once per change. */
  private record Trusted(List<String> cidrs, AddressList networks) {}

  public HttpFrontendInitializer(FrontendContext ctx) {
    this.ctx = ctx;
    FrontendConfig frontend = ctx.routing().get().frontend();
    this.metrics = new HttpProxyMetrics(ctx.metrics(), frontend.name());
    this.poolIdleTimeout = frontend.timeouts().idle();
    trustedNetworks(ctx.routing().get());
  }

  @Override
  protected void initChannel(Channel ch) {
    InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
    InetAddress client = peer.getAddress();
    if (!ctx.clientLimiter().tryOpen(client)) {
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> ctx.clientLimiter().close(client));
    Routing routing = ctx.routing().get();
    HttpLimits limits = routing.frontend().limits();
    boolean peerTrusted = trustedNetworks(routing).contains(client);
    BackendConnectionPool pool =
        pools.computeIfAbsent(
            ch.eventLoop(),
            loop ->
                new BackendConnectionPool(
                    ctx.runtime(),
                    loop,
                    BackendConnectionPool.DEFAULT_MAX_IDLE_PER_BACKEND,
                    poolIdleTimeout));
    ClientResponseEncoder encoder = new ClientResponseEncoder();
    HttpProxyHandler proxy =
        new HttpProxyHandler(ctx, metrics, pool, encoder, peer, peerTrusted, ctx.tls() != null);
    ChannelPipeline p = ch.pipeline();
    if (ctx.tls() != null) {
      p.addLast(TLS, new SniHandler(ctx.tls()));
    }
    p.addLast(WATCHER, proxy.requestStartWatcher())
        .addLast(DECODER, new StrictHttpRequestDecoder(limits))
        .addLast(ENCODER, encoder)
        .addLast(PROXY, proxy);
  }

  private AddressList trustedNetworks(Routing routing) {
    Trusted t = trusted;
    List<String> cidrs = routing.frontend().trustedProxies();
    if (t == null || !t.cidrs().equals(cidrs)) {
      t = new Trusted(cidrs, AddressList.parse("trustedProxies", cidrs));
      trusted = t;
    }
    return t.networks();
  }
}
