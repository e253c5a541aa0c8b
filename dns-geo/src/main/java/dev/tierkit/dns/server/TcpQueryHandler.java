package dev.tierkit.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over TCP (RFC 7766): every length-prefixed message of a connection is answered in
 * order, pipelined queries included, with one flush per read batch. Reading pauses while the client
 * does not take its responses (the channel is not writable) and resumes when it does. An idle
 * connection is closed. A query we cannot even parse enough to answer closes the connection, since
 * the stream can no longer be trusted.
 *
 * <p>A zone transfer is written a message at a time under the same backpressure; queries that
 * arrive behind it (already framed from the same read) wait, retained, and are answered after it,
 * so replies never interleave with the transfer's messages.
 */
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

  private final QueryProcessor processor;
  private final DnsMetrics metrics;
  private final ArrayDeque<ByteBuf> waiting = new ArrayDeque<>();
  private ZoneTransfer transfer;

  TcpQueryHandler(QueryProcessor processor, DnsMetrics metrics) {
    this.processor = processor;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf message) {
    metrics.tcpQueries.increment();
    if (transfer != null) {
      waiting.add(message.retain());
      return;
    }
    answer(ctx, message);
  }

  private void answer(ChannelHandlerContext ctx, ByteBuf message) {
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    ByteBuf response =
        processor.answerTcp(ctx.alloc(), message, remote.getAddress(), t -> transfer = t);
    if (transfer != null) {
      ctx.channel().config().setAutoRead(false);
      pumpTransfer(ctx);
      return;
    }
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

  /**
   * Writes transfer messages while the client takes them; the rest follows when the channel is
   * writable again. Then the queries that waited behind the transfer are answered.
   */
  private void pumpTransfer(ChannelHandlerContext ctx) {
    while (transfer != null && ctx.channel().isWritable()) {
      ctx.write(transfer.nextMessage(ctx.alloc(), processor.writer()));
      if (!transfer.hasNext()) {
        transfer = null;
      }
    }
    ctx.flush();
    while (transfer == null && !waiting.isEmpty() && ctx.channel().isActive()) {
      ByteBuf next = waiting.poll();
      try {
        answer(ctx, next);
      } finally {
        next.release();
      }
    }
    if (transfer == null) {
      ctx.flush();
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      if (transfer != null) {
        pumpTransfer(ctx);
      } else {
        ctx.channel().config().setAutoRead(true);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      if (transfer == null) {
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    transfer = null;
    while (!waiting.isEmpty()) {
      waiting.poll().release();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing DNS TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
