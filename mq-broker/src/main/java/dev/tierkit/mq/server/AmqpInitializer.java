package dev.tierkit.mq.server;

import dev.tierkit.mq.protocol.AmqpFrameDecoder;
import dev.tierkit.mq.protocol.AmqpFrameEncoder;
import dev.tierkit.mq.protocol.ContentAssembler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * The AMQP listener's pipeline, in protocol order: frame decoder (protocol header, frame_max),
 * frame encoder, content assembly (publish + header + bodies, max message size), then the
 * connection's state machine.
 */
final class AmqpInitializer extends ChannelInitializer<Channel> {
  private static final AmqpFrameEncoder ENCODER = new AmqpFrameEncoder();

  private final ServerContext server;

  AmqpInitializer(ServerContext server) {
    this.server = server;
  }

  @Override
  protected void initChannel(Channel channel) {
    MqLimits limits = server.config().limits();
    channel
        .pipeline()
        .addLast("frames", new AmqpFrameDecoder(limits.codecLimits()))
        .addLast("encoder", ENCODER)
        .addLast("content", new ContentAssembler(limits.maxBodySize()))
        .addLast("connection", new AmqpConnection(server));
  }
}
