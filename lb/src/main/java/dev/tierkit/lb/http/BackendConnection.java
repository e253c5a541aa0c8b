package dev.tierkit.lb.http;

import dev.tierkit.lb.balance.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/1.1 connection to a backend, and the last handler of its pipeline: it hands what the
 * backend sends to the client connection that owns it now, or, while it is parked in its {@link
 * BackendConnectionPool}, treats anything but silence as the end of the connection.
 *
 * <p>Lives on one event loop, the one of the client connections that use it; no field is read from
 * another thread.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {
  /** What a connection reports to the exchange that owns it. */
  interface Owner {
    void backendRead(BackendConnection connection, Object msg);

    void backendReadComplete(BackendConnection connection);

    void backendInactive(BackendConnection connection);

    void backendWritabilityChanged(BackendConnection connection);
  }

  private final Backend backend;
  private final BackendConnectionPool pool;
  private Channel channel;
  private Owner owner;
  private long parkedAtNanos;
  private int exchanges;

  BackendConnection(Backend backend, BackendConnectionPool pool) {
    this.backend = backend;
    this.pool = pool;
  }

  Backend backend() {
    return backend;
  }

  Channel channel() {
    return channel;
  }

  /** Whether an exchange has completed on this connection before: a reused keep-alive one. */
  boolean reused() {
    return exchanges > 0;
  }

  /** Binds the connection to its channel as soon as the connect attempt has one. */
  void bind(Channel channel) {
    this.channel = channel;
  }

  void attach(Owner owner) {
    this.owner = owner;
  }

  /** Detaches the owner after a complete exchange; the connection may now be parked. */
  void exchangeDone() {
    owner = null;
    exchanges++;
  }

  void detach() {
    owner = null;
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
      o.backendRead(this, msg);
    } else {
      // A parked connection has nothing to say; whatever it says makes it unusable.
      ReferenceCountUtil.release(msg);
      ctx.close();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Owner o = owner;
    if (o != null) {
      o.backendReadComplete(this);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    Owner o = owner;
    owner = null;
    if (o != null) {
      o.backendInactive(this);
    } else {
      pool.remove(this);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Owner o = owner;
    if (o != null) {
      o.backendWritabilityChanged(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset or a codec failure: closing reports it to the owner through channelInactive.
    ctx.close();
  }

  @Override
  public String toString() {
    return "BackendConnection(" + backend + ", " + channel + ")";
  }
}
