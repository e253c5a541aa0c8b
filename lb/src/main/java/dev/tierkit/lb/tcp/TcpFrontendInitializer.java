package dev.tierkit.lb.tcp;

import dev.tierkit.common.net.AddressList;
import dev.tierkit.lb.FrontendContext;
import dev.tierkit.lb.config.FrontendConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Sets up an accepted connection of a TCP frontend, in stack order:
 *
 * <ol>
 *   <li>{@code proxy}: {@link HAProxyMessageDecoder}, only when the frontend accepts the PROXY
 *       protocol and the peer is one of its trusted proxies (the header precedes any TLS bytes); it
 *       removes itself after the header;
 *   <li>{@code tls}: an {@link SniHandler} over the frontend's certificates, when it has any;
 *   <li>{@code idle}: an {@link IdleStateHandler} firing after {@code timeouts.idle} with no byte
 *       read or written on the client side, which sees every relayed byte both ways;
 *   <li>{@code relay}: a new {@link TcpRelayHandler}.
 * </ol>
 *
 * <p>Sharable: it holds only what every connection of the frontend shares (the context, the parsed
 * trusted networks, the counters) and makes the per-connection handlers in {@link #initChannel}.
 * The trusted networks are parsed once, from the frontend as it is when this initializer is made;
 * the routing itself is read again for every connection, so a reload changes the pool at once.
 */
@Sharable
public final class TcpFrontendInitializer extends ChannelInitializer<Channel> {
  private final FrontendContext context;
  private final AddressList trustedProxies;
  private final TcpMetrics metrics;

  /**
   * @throws IllegalArgumentException when a trusted proxy entry is not an address or CIDR
   */
  public TcpFrontendInitializer(FrontendContext context) {
    this.context = context;
    FrontendConfig frontend = context.routing().get().frontend();
    this.trustedProxies =
        AddressList.parse(
            "frontend " + frontend.name() + ": trustedProxies", frontend.trustedProxies());
    this.metrics = new TcpMetrics(context.metrics(), frontend.name());
  }

  @Override
  protected void initChannel(Channel ch) {
    // Nothing is read until the relay decides to: after the backend is connected, or to take the
    // PROXY header and the TLS handshake, which need the client's bytes first.
    ch.config().setAutoRead(false);
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    FrontendConfig frontend = context.routing().get().frontend();
    boolean proxied =
        frontend.acceptProxy()
            && ch.remoteAddress() instanceof InetSocketAddress peer
            && peer.getAddress() != null
            && trustedProxies.contains(peer.getAddress());
    ChannelPipeline p = ch.pipeline();
    if (proxied) {
      // TLVs (which real fronts add: TLS details, cloud endpoint ids) are accepted and ignored, so
      // the header's bound is the protocol's own: 108 bytes for v1, 16 + 65535 for v2.
      p.addLast("proxy", new HAProxyMessageDecoder());
    }
    if (context.tls() != null) {
      p.addLast("tls", new SniHandler(context.tls()));
    }
    long idleNanos = frontend.timeouts().idle().toNanos();
    p.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
    p.addLast("relay", new TcpRelayHandler(context, metrics, proxied, context.tls() != null));
  }
}
