package dev.tierkit.cdn.http;

import dev.tierkit.cdn.origin.OriginPool;
import dev.tierkit.common.http.ClientResponseEncoder;
import dev.tierkit.common.http.StrictHttpRequestDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sets up a client connection of the edge. The pipeline reads like the stack: an idle timer ({@code
 * --idle-timeout}: a connection with no request in progress and no traffic that long is closed;
 * {@link EdgeHandler} also closes one whose next request head takes longer than that to arrive),
 * the strict request decoder (request line, header and body limits, smuggling checks), the response
 * encoder, and the {@link EdgeHandler}. Each event loop has its own {@link OriginPool}, made on
 * first use, so origin connections live on the loop of the clients using them.
 */
@ChannelHandler.Sharable
public final class EdgeInitializer extends ChannelInitializer<Channel> {
  /** Parked keep-alive connections per origin and event loop. */
  static final int MAX_IDLE_PER_ORIGIN = 64;

  private final EdgeContext edge;
  private final ConcurrentHashMap<EventLoop, OriginPool> pools = new ConcurrentHashMap<>();

  public EdgeInitializer(EdgeContext edge) {
    this.edge = edge;
  }

  @Override
  protected void initChannel(Channel ch) {
    OriginPool pool =
        pools.computeIfAbsent(
            ch.eventLoop(),
            loop ->
                new OriginPool(
                    edge.runtime,
                    loop,
                    MAX_IDLE_PER_ORIGIN,
                    edge.config.maxOriginHeaderBytes(),
                    edge.config.connectTimeout(),
                    edge.config.clientIdleTimeout()));
    ClientResponseEncoder encoder = new ClientResponseEncoder();
    long idle = edge.config.clientIdleTimeout().toMillis();
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
        .addLast("decoder", new StrictHttpRequestDecoder(edge.config.limits()))
        .addLast("encoder", encoder)
        .addLast(
            "edge", new EdgeHandler(edge, pool, encoder, (InetSocketAddress) ch.remoteAddress()));
  }

  /** Closes the parked origin connections of every loop (shutdown). */
  public void closePools() {
    pools.forEach((loop, pool) -> loop.execute(pool::closeAll));
  }
}
