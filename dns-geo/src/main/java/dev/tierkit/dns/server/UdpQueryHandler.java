package dev.tierkit.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS over UDP: one datagram in, at most one out, flushed once per read batch. Shared by
 * every UDP socket of the port. A failure while answering one datagram is logged and that datagram
 * dropped; the socket keeps serving.
 */
@Sharable
public final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);

  private final QueryProcessor processor;
  private final DnsMetrics metrics;

  UdpQueryHandler(QueryProcessor processor, DnsMetrics metrics) {
    this.processor = processor;
    this.metrics = metrics;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    metrics.udpQueries.increment();
    ByteBuf response =
        processor.answerUdp(ctx.alloc(), packet.content(), packet.sender().getAddress());
    if (response != null) {
      ctx.write(new DatagramPacket(response, packet.sender(), packet.recipient()));
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn("UDP query failed; the datagram is dropped: {}", cause.toString(), cause);
  }
}
