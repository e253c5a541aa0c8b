package dev.tierkit.lb.tcp;

import dev.tierkit.lb.FrontendContext;
import dev.tierkit.lb.Routing;
import dev.tierkit.lb.Upstream;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.balance.Backend;
import dev.tierkit.lb.balance.Hashing;
import dev.tierkit.lb.balance.PickContext;
import dev.tierkit.lb.balance.Pool;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.HashKey;
import dev.tierkit.lb.config.PoolConfig;
import dev.tierkit.lb.log.AccessLogEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Relays one client connection to one backend of the frontend's default pool.
 *
 * <p>Life of a connection, every step on the client channel's event loop (the backend channel is
 * registered on the same loop, so no state here is shared between threads):
 *
 * <ol>
 *   <li>With a PROXY header expected, one read takes it; its source becomes the client address. A
 *       malformed one closes the connection ({@code proxy-header-invalid}).
 *   <li>The per-client limit admits the client or closes the connection at once.
 *   <li>A backend is picked and connected. A failed connect counts against the backend (passive
 *       ejection), and the next attempt goes to a backend not tried yet, up to {@code retries}
 *       times and while the pool's retry budget allows. When every available backend is at its
 *       connection limit the connection waits in the pool's queue, up to {@code queueTimeout}.
 *       Client bytes that arrive meanwhile (after a PROXY header, during a TLS handshake) are held
 *       and sent first; no more are read until the backend is connected.
 *   <li>Bytes are relayed both ways: written as they are read, flushed once per read batch. When
 *       the side written to stops being writable (its outbound buffer passed the high water mark),
 *       the other side stops reading until it is writable again, so a slow reader holds at most a
 *       write buffer's worth of memory per direction.
 *   <li>Half-close: the end of one side's input (a FIN) shuts down the other side's output once
 *       what was relayed before it is written. When both directions have ended this way the
 *       connection ends {@code ok}. TLS has no half-close: the backend's FIN closes the client's
 *       connection after a flush.
 *   <li>Nothing read or written on the client side for {@code timeouts.idle} closes both sides.
 * </ol>
 *
 * <p>An admitted connection counts in the runtime's in-flight work until it ends, so a graceful
 * shutdown (listeners closed first) lets open relays finish, up to {@code --drain-timeout}.
 *
 * <p>Each connection ends exactly once ({@link #finish}): its backend slot, its client-limit count,
 * its retry-budget share and any held bytes are given back there, and one access-log entry is
 * written, with the termination {@code ok}, {@code client-closed}, {@code backend-closed}, {@code
 * idle-timeout}, {@code connect-failed}, {@code no-backend}, {@code proxy-header-invalid} or {@code
 * tls-failed}.
 */
final class TcpRelayHandler extends ChannelInboundHandlerAdapter {
  private final FrontendContext context;
  private final TcpMetrics metrics;
  private final boolean proxied;
  private final boolean tls;

  private Channel inbound;
  private Channel outbound;
  private FrontendConfig frontend;
  private InetSocketAddress client;
  private InetSocketAddress destination;
  private InetAddress admittedAs;
  private Upstream upstream;
  private PickContext pick;
  private Backend backend;
  private String answeredBy = "-";
  private boolean connectStarted;
  private boolean budgetTaken;
  private boolean holdingRetry;
  private boolean retryDecided;
  private boolean connectFailed;
  private int retries;
  private Pool.Waiter waiter;
  private ScheduledFuture<?> waitTimeout;
  private long queueDeadline;
  private boolean queued;
  private List<Object> held;
  private boolean outboundWritten;
  private boolean inboundWritten;
  private boolean clientEof;
  private boolean clientEofRelayed;
  private boolean backendEof;
  private boolean clientDirectionDone;
  private boolean backendDirectionDone;
  private boolean ended;
  private long startNanos;
  private long startMillis;
  private long connectStartNanos;
  private long connectMicros = -1;
  private long bytesIn;
  private long bytesOut;

  TcpRelayHandler(FrontendContext context, TcpMetrics metrics, boolean proxied, boolean tls) {
    this.context = context;
    this.metrics = metrics;
    this.proxied = proxied;
    this.tls = tls;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    inbound = ctx.channel();
    startNanos = System.nanoTime();
    startMillis = System.currentTimeMillis();
    client = (InetSocketAddress) inbound.remoteAddress();
    destination = (InetSocketAddress) inbound.localAddress();
    metrics.connections.increment();
    if (!proxied) {
      admit();
    }
    if (!ended && (proxied || tls)) {
      // The PROXY header and the TLS handshake come before any byte for the backend.
      inbound.read();
    }
  }

  private void proxyHeader(HAProxyMessage header) {
    if (header.command() == HAProxyCommand.PROXY) {
      HAProxyProxiedProtocol.AddressFamily family = header.proxiedProtocol().addressFamily();
      if (family == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
          || family == HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
        client = socketAddress(header.sourceAddress(), header.sourcePort(), client);
        destination =
            socketAddress(header.destinationAddress(), header.destinationPort(), destination);
      }
    }
    // LOCAL (the proxy's own health check) and UNKNOWN keep the peer's address.
    admit();
    if (!ended && tls) {
      inbound.read();
    }
  }

  private static InetSocketAddress socketAddress(String ip, int port, InetSocketAddress fallback) {
    InetAddress address = NetUtil.createInetAddressFromIpAddressString(ip);
    return address == null ? fallback : new InetSocketAddress(address, port);
  }

  private void admit() {
    Routing routing = context.routing().get();
    frontend = routing.frontend();
    InetAddress address = client.getAddress();
    if (!context.clientLimiter().tryOpen(address)) {
      metrics.clientLimitRejected.increment();
      // Refused before any work: not logged, so a client past its limit cannot flood the log.
      ended = true;
      inbound.close();
      return;
    }
    admittedAs = address;
    // An open relay is in-flight work: shutdown lets it finish, up to --drain-timeout.
    context.runtime().inFlight().begin();
    connectStarted = true;
    upstream = routing.defaultUpstream();
    if (upstream == null) {
      finish("no-backend");
      return;
    }
    upstream.retryBudget().requestStarted();
    budgetTaken = true;
    pick = new PickContext(System.nanoTime());
    if (upstream.pool().algorithm() == Algorithm.CONSISTENT_HASH
        && upstream.config().hashKey().kind() == HashKey.Kind.SOURCE) {
      pick.setHash(Hashing.hash64(address.getAddress()));
    }
    attempt();
  }

  private void attempt() {
    long now = System.nanoTime();
    pick.setNowNanos(now);
    Backend picked = upstream.pool().pick(pick);
    if (picked == null) {
      endRetry();
      if (!awaitSlot(now)) {
        finish(connectFailed ? "connect-failed" : "no-backend");
      }
      return;
    }
    if (retryDecided) {
      retryDecided = false;
      retries++;
      metrics.retries.increment();
    }
    backend = picked;
    connectStartNanos = now;
    int connectMillis = (int) Math.min(Integer.MAX_VALUE, frontend.timeouts().connect().toMillis());
    context
        .runtime()
        .clientBootstrap(inbound.eventLoop())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, connectMillis))
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .handler(new BackendHandler())
        .connect(addressOf(picked))
        .addListener((ChannelFutureListener) f -> connected(f, picked));
  }

  /** A backend's address: literals need no lookup; names go to the bootstrap's resolver. */
  private static InetSocketAddress addressOf(Backend b) {
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(b.host());
    return literal != null
        ? new InetSocketAddress(literal, b.port())
        : InetSocketAddress.createUnresolved(b.host(), b.port());
  }

  private void connected(ChannelFuture f, Backend b) {
    endRetry();
    // finish() gives the slot back when the client leaves during the connect.
    boolean holdingSlot = backend == b;
    if (f.isSuccess()) {
      Channel ch = f.channel();
      if (ended) {
        ch.close();
        return;
      }
      long latency = System.nanoTime() - connectStartNanos;
      b.recordSuccess(latency);
      connectMicros = latency / 1000;
      answeredBy = b.id();
      outbound = ch;
      if (upstream.config().sendProxyV2()) {
        ch.write(ProxyV2Header.encode(ch.alloc(), client, destination), ch.voidPromise());
      }
      if (held != null) {
        for (Object m : held) {
          ch.write(m, ch.voidPromise());
        }
        held = null;
      }
      ch.flush();
      if (clientEof) {
        relayClientEof();
      } else {
        inbound.config().setAutoRead(true);
      }
      return;
    }
    PoolConfig pool = upstream.config();
    b.recordFailure(System.nanoTime(), pool.ejectAfter(), pool.ejectFor().toNanos());
    if (holdingSlot) {
      upstream.pool().release(b);
      backend = null;
    }
    pick.markTried(b);
    connectFailed = true;
    metrics.connectFailures.increment();
    if (ended) {
      return;
    }
    if (retries < pool.retries() && upstream.retryBudget().tryStartRetry()) {
      holdingRetry = true;
      retryDecided = true;
      attempt();
    } else {
      finish("connect-failed");
    }
  }

  /**
   * Queues for a connection slot when an untried backend is available but at its limit; false when
   * there is none, the queue is full or the wait has run out.
   */
  private boolean awaitSlot(long now) {
    PoolConfig pool = upstream.config();
    if (pool.queueSize() == 0 || !untriedAvailable(now)) {
      return false;
    }
    if (!queued) {
      queued = true;
      queueDeadline = now + pool.queueTimeout().toNanos();
    }
    long left = queueDeadline - now;
    if (left <= 0) {
      return false;
    }
    Pool.Waiter w =
        upstream.pool().await(() -> inbound.eventLoop().execute(this::slotFreed), pool.queueSize());
    if (w == null) {
      return false;
    }
    waiter = w;
    waitTimeout = inbound.eventLoop().schedule(this::waitTimedOut, left, TimeUnit.NANOSECONDS);
    return true;
  }

  private boolean untriedAvailable(long now) {
    for (Backend b : upstream.pool().backends()) {
      if (b.available(now) && !pick.tried(b)) {
        return true;
      }
    }
    return false;
  }

  /** Runs once the pool handed this connection a freed slot's wake-up. */
  private void slotFreed() {
    if (ended) {
      // The client left after the wake-up was handed over but before it arrived here: take the
      // slot and give it straight back, so the next waiter is woken instead of this one.
      Backend b = upstream.pool().pick(new PickContext(System.nanoTime()));
      if (b != null) {
        upstream.pool().release(b);
      }
      return;
    }
    waiter = null;
    waitTimeout.cancel(false);
    attempt();
  }

  private void waitTimedOut() {
    if (waiter != null && waiter.cancel()) {
      waiter = null;
      finish(connectFailed ? "connect-failed" : "no-backend");
    }
  }

  private void endRetry() {
    if (holdingRetry) {
      holdingRetry = false;
      upstream.retryBudget().retryFinished();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HAProxyMessage header) {
      try {
        proxyHeader(header);
      } finally {
        header.release();
      }
      return;
    }
    if (ended) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof ByteBuf buf) {
      int n = buf.readableBytes();
      bytesIn += n;
      metrics.bytesIn.add(n);
    }
    if (outbound != null) {
      outbound.write(msg, outbound.voidPromise());
      outboundWritten = true;
    } else {
      if (held == null) {
        held = new ArrayList<>(4);
      }
      held.add(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (outboundWritten) {
      outboundWritten = false;
      outbound.flush();
      if (!outbound.isWritable()) {
        inbound.config().setAutoRead(false);
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A side whose input has ended is never asked to read again: on epoll that would re-arm a
    // socket Netty has already taken out of its epoll set, and the write after it would fail.
    if (inbound.isWritable() && outbound != null && !ended && !backendEof) {
      outbound.config().setAutoRead(true);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      clientEof = true;
      if (outbound != null) {
        relayClientEof();
      } else if (!connectStarted) {
        finish("client-closed");
      }
    } else if (evt instanceof IdleStateEvent) {
      if (ended) {
        // A flush before close that the peer never lets finish: give up on it.
        inbound.close();
        if (outbound != null) {
          outbound.close();
        }
      } else {
        finish("idle-timeout");
      }
    } else if (evt instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
      finish("tls-failed");
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof HAProxyProtocolException) {
      if (!ended) {
        metrics.proxyHeaderInvalid.increment();
      }
      finish("proxy-header-invalid");
    } else if (tls && cause instanceof DecoderException) {
      finish("tls-failed");
    } else {
      finish("client-closed");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    finish("client-closed");
  }

  private void relayClientEof() {
    if (clientEofRelayed) {
      return;
    }
    clientEofRelayed = true;
    Channel out = outbound;
    shutdownOutputAfterFlush(
        out,
        () -> {
          clientDirectionDone = true;
          endIfBothDone();
        },
        "backend-closed");
  }

  private void relayBackendEof() {
    if (tls) {
      // TLS cannot half-close: close_notify ends the whole session, so end it after a flush.
      inbound
          .writeAndFlush(Unpooled.EMPTY_BUFFER)
          .addListener(f -> finish(f.isSuccess() ? "ok" : "client-closed"));
      return;
    }
    shutdownOutputAfterFlush(
        inbound,
        () -> {
          backendDirectionDone = true;
          endIfBothDone();
        },
        "client-closed");
  }

  /** Shuts {@code ch}'s output once what was written to it is out (a shutdown drops the rest). */
  private void shutdownOutputAfterFlush(Channel ch, Runnable done, String failure) {
    ch.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            (ChannelFutureListener)
                written -> {
                  if (!written.isSuccess() || !(ch instanceof DuplexChannel duplex)) {
                    finish(failure);
                    return;
                  }
                  duplex
                      .shutdownOutput()
                      .addListener(
                          shut -> {
                            if (shut.isSuccess()) {
                              done.run();
                            } else {
                              finish(failure);
                            }
                          });
                });
  }

  private void endIfBothDone() {
    if (clientDirectionDone && backendDirectionDone) {
      finish("ok");
    }
  }

  /** Ends the connection once: gives back everything it held and writes its access-log entry. */
  private void finish(String termination) {
    if (ended) {
      return;
    }
    ended = true;
    if (waiter != null) {
      waiter.cancel();
      waiter = null;
      waitTimeout.cancel(false);
    }
    if (held != null) {
      for (Object m : held) {
        ReferenceCountUtil.release(m);
      }
      held = null;
    }
    if (backend != null) {
      upstream.pool().release(backend);
      backend = null;
    }
    endRetry();
    if (budgetTaken) {
      budgetTaken = false;
      upstream.retryBudget().requestFinished();
    }
    if (admittedAs != null) {
      context.clientLimiter().close(admittedAs);
      context.runtime().inFlight().end();
      admittedAs = null;
    }
    if (termination.equals("no-backend") || termination.equals("connect-failed")) {
      metrics.noBackend.increment();
    }
    if (outbound != null) {
      outbound.close();
    }
    if (termination.equals("idle-timeout") || !inbound.isActive()) {
      inbound.close();
    } else {
      // What the backend sent before it went away still reaches the client.
      inbound.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
    log(termination);
  }

  private void log(String termination) {
    String name = frontend != null ? frontend.name() : context.routing().get().frontend().name();
    context
        .accessLog()
        .log(
            new AccessLogEntry(
                startMillis,
                name,
                Backend.idOf(NetUtil.toAddressString(client.getAddress()), client.getPort()),
                answeredBy,
                "-",
                0,
                bytesIn,
                bytesOut,
                connectMicros,
                (System.nanoTime() - startNanos) / 1000,
                retries,
                termination));
  }

  /** The backend side of the relay: bytes to the client, and the backend's end of stream. */
  private final class BackendHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (ended) {
        ReferenceCountUtil.release(msg);
        return;
      }
      if (msg instanceof ByteBuf buf) {
        int n = buf.readableBytes();
        bytesOut += n;
        metrics.bytesOut.add(n);
      }
      inbound.write(msg, inbound.voidPromise());
      inboundWritten = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (inboundWritten) {
        inboundWritten = false;
        inbound.flush();
        if (!inbound.isWritable()) {
          ctx.channel().config().setAutoRead(false);
        }
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable() && !ended && !clientEof) {
        inbound.config().setAutoRead(true);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        backendEof = true;
        if (!ended) {
          relayBackendEof();
        }
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (ctx.channel() == outbound) {
        finish("backend-closed");
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (ctx.channel() == outbound) {
        finish("backend-closed");
      } else {
        ctx.close();
      }
    }
  }
}
