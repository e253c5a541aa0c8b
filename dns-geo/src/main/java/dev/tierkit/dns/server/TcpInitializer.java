package dev.tierkit.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The DNS-over-TCP pipeline: idle timeout, the two-byte length framing of RFC 1035 section 4.2.2 (a
 * message is at most 65535 bytes by construction), the query handler.
 */
@Sharable
public final class TcpInitializer extends ChannelInitializer<Channel> {
  private final QueryProcessor processor;
  private final DnsMetrics metrics;
  private final long idleMillis;

  TcpInitializer(QueryProcessor processor, DnsMetrics metrics, Duration idleTimeout) {
    this.processor = processor;
    this.metrics = metrics;
    this.idleMillis = idleTimeout.toMillis();
  }

  @Override
  protected void initChannel(Channel ch) {
    ch.pipeline()
        .addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS))
        .addLast("framing", new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2))
        .addLast("dns", new TcpQueryHandler(processor, metrics));
  }
}
