package dev.tierkit.common.testing;

import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.InFlight;
import dev.tierkit.common.runtime.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A line echo daemon on the shared runtime, the smallest real user of it: TCP lines and UDP
 * datagrams come back with a prefix, optionally after a delay so tests can hold a request in flight
 * across a shutdown.
 */
public final class EchoServer implements Daemon {
  private final Listener tcp;

  private EchoServer(Listener tcp) {
    this.tcp = tcp;
  }

  /** Binds the TCP echo listener on {@code address}. */
  public static EchoServer start(
      DaemonRuntime runtime, InetSocketAddress address, EchoSettings settings, Duration delay) {
    InFlight inFlight = runtime.inFlight();
    Listener tcp =
        runtime.bindTcp(
            "echo",
            address,
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        new LineBasedFrameDecoder(settings.maxLineLength()),
                        new LineEcho(settings.prefix(), delay, inFlight));
              }
            });
    return new EchoServer(tcp);
  }

  /** Binds a UDP echo listener on {@code address}. */
  public static Listener bindUdp(DaemonRuntime runtime, InetSocketAddress address, String prefix) {
    return runtime.bindUdp("echo", address, new DatagramEcho(prefix));
  }

  public Listener listener() {
    return tcp;
  }

  @Override
  public void close() {}

  static final class LineEcho extends SimpleChannelInboundHandler<ByteBuf> {
    private final String prefix;
    private final Duration delay;
    private final InFlight inFlight;

    LineEcho(String prefix, Duration delay, InFlight inFlight) {
      this.prefix = prefix;
      this.delay = delay;
      this.inFlight = inFlight;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
      inFlight.begin();
      String reply = prefix + line.toString(StandardCharsets.UTF_8) + "\n";
      Runnable answer =
          () ->
              ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), reply))
                  .addListener(f -> inFlight.end());
      if (delay.isZero()) {
        answer.run();
      } else {
        ctx.executor().schedule(answer, delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  static final class DatagramEcho extends SimpleChannelInboundHandler<DatagramPacket> {
    private final String prefix;

    DatagramEcho(String prefix) {
      this.prefix = prefix;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      String reply = prefix + packet.content().toString(StandardCharsets.UTF_8);
      ctx.writeAndFlush(
          new DatagramPacket(ByteBufUtil.writeUtf8(ctx.alloc(), reply), packet.sender()));
    }
  }
}
