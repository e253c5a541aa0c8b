package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Counts received bytes ({@code bytes_read}) before they are decoded; shared by connections. */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelInboundHandlerAdapter {
  private final CacheMetrics metrics;

  TrafficCounter(CacheMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buffer) {
      metrics.add(Stat.BYTES_READ, buffer.readableBytes());
    }
    ctx.fireChannelRead(msg);
  }
}
