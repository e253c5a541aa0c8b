package dev.tierkit.cache;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the memcached listener's open connections for {@code stats} ({@code curr_connections}),
 * first in the pipeline; shared by every connection of the listener.
 */
@ChannelHandler.Sharable
final class ConnectionTally extends ChannelInboundHandlerAdapter {
  private final AtomicLong open = new AtomicLong();

  long open() {
    return open.get();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    open.incrementAndGet();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    ctx.fireChannelInactive();
  }
}
