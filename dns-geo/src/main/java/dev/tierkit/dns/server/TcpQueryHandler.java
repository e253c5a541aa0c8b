package dev.tierkit.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over TCP (RFC 7766): every length-prefixed message of a connection is answered in
 * order, pipelined queries included, with one flush per read batch. Reading pauses while the client
 * does not take its responses (the channel is not writable) and resumes when it does. An idle
 * connection is closed. A query we cannot even parse enough to answer closes the connection, since
 * the stream can no longer be trusted.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

  private final QueryProcessor processor;
  private final DnsMetrics metrics;

  TcpQueryHandler(QueryProcessor processor, DnsMetrics metrics) {
    this.processor = processor;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
    metrics.tcpQueries.increment();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    ByteBuf response = processor.answerTcp(ctx.alloc(), message, remote.getAddress());
    if (response == null) {
      ctx.close();
      return;
    }
    ctx.write(response);
    if (!ctx.channel().isWritable()) {
      ctx.flush();
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing DNS TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
