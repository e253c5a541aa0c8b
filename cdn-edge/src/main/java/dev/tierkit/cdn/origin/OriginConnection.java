package dev.tierkit.cdn.origin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive HTTP/1.1 connection to an origin, and the last handler of its pipeline: it hands
 * what the origin sends to the exchange that owns it now, or, while parked in its {@link
 * OriginPool}, treats anything but silence as the end of the connection (an origin that sends bytes
 * nobody asked for, such as a body longer than its Content-Length said, is not reused).
 *
 * <p>Lives on one event loop; no field is read from another thread.
 */
public final class OriginConnection extends ChannelInboundHandlerAdapter {
  /** What a connection reports to the exchange that owns it. */
  public interface Owner {
    void originRead(OriginConnection connection, Object msg);

    void originInactive(OriginConnection connection);

    void originWritabilityChanged(OriginConnection connection);
  }

  private final Origin origin;
  private final OriginPool pool;
  private Channel channel;
  private Owner owner;
  private long parkedAtNanos;
  private int exchanges;

  OriginConnection(Origin origin, OriginPool pool) {
    this.origin = origin;
    this.pool = pool;
  }

  public Origin origin() {
    return origin;
  }

  public Channel channel() {
    return channel;
  }

  /** Whether an exchange completed on it before: a reused keep-alive connection. */
  public boolean reused() {
    return exchanges > 0;
  }

  public void attach(Owner owner) {
    this.owner = owner;
  }

  /** Ends the current exchange; {@code reusable} parks the connection, otherwise it is closed. */
  public void release(boolean reusable) {
    owner = null;
    exchanges++;
    if (reusable && channel.isActive()) {
      channel.config().setAutoRead(true);
      pool.park(this);
    } else {
      channel.close();
    }
  }

  long parkedAtNanos() {
    return parkedAtNanos;
  }

  void parkedAt(long nanos) {
    parkedAtNanos = nanos;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Owner o = owner;
    if (o != null) {
      o.originRead(this, msg);
    } else {
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Owner o = owner;
    owner = null;
    if (o != null) {
      o.originInactive(this);
    } else {
      pool.remove(this);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Owner o = owner;
    if (o != null) {
      o.originWritabilityChanged(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a codec failure: closing reports it to the owner through channelInactive.
    ctx.close();
  }

  @Override
  public String toString() {
    return "OriginConnection(" + origin + ", " + channel + ")";
  }
}
