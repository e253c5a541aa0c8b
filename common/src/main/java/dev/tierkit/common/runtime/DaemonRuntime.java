package dev.tierkit.common.runtime;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.transport.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a daemon's event loops and sockets, and shuts them down gracefully.
 *
 * <p>One group of {@code --threads} event loops serves every accepted connection; outbound channels
 * a daemon opens ({@link #clientBootstrap}) are registered on the accepting channel's own loop, so
 * a relay never hands work between threads. A one-thread group accepts connections, and another
 * serves the admin endpoint, so that neither request traffic nor a slow admin route (a reload
 * reading a large file) delays accepting.
 *
 * <p>Shutdown ({@link #close()}), in order:
 *
 * <ol>
 *   <li>mark the runtime draining ({@code /readyz} answers 503, so load balancers move away);
 *   <li>close every listener: new connections are refused, new datagrams unanswered;
 *   <li>wait until {@link #inFlight()} reaches zero or {@code --drain-timeout} passes;
 *   <li>close every connection still open;
 *   <li>run the close hooks, last registered first (stores flush and fsync here);
 *   <li>stop the event loops.
 * </ol>
 *
 * <p>Limits: accepted connections beyond {@link RuntimeConfig#maxConnections()} are closed at once
 * and counted in {@code tierkit_connections_rejected_total}.
 */
public final class DaemonRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DaemonRuntime.class);
  private static final Duration DRAIN_POLL = Duration.ofMillis(10);

  /** Where the runtime is in its life. */
  public enum State {
    RUNNING,
    DRAINING,
    CLOSED
  }

  private final RuntimeConfig config;
  private final Transport transport;
  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup workerGroup;
  private final EventLoopGroup adminGroup;
  private final ChannelGroup listenerChannels =
      new DefaultChannelGroup("listeners", GlobalEventExecutor.INSTANCE);
  private final ChannelGroup connections =
      new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Deque<AutoCloseable> closeHooks = new ArrayDeque<>();
  private final InFlight inFlight = new InFlight();
  private final Counter connectionsAccepted;
  private final Counter connectionsRejected;
  private volatile State state = State.RUNNING;

  private DaemonRuntime(RuntimeConfig config, Transport transport, MetricRegistry metrics) {
    this.config = config;
    this.transport = transport;
    this.acceptGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("accept", true), transport.ioHandlerFactory());
    this.workerGroup =
        new MultiThreadIoEventLoopGroup(
            config.threads(), new DefaultThreadFactory("io", true), transport.ioHandlerFactory());
    this.adminGroup =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("admin", true), transport.ioHandlerFactory());
    this.connectionsAccepted =
        metrics.counter("tierkit_connections_total", "Connections accepted since start.");
    this.connectionsRejected =
        metrics.counter(
            "tierkit_connections_rejected_total",
            "Connections closed on accept because --max-connections was reached.");
    metrics.gauge("tierkit_connections", "Connections open now.", connections::size);
    metrics.gauge(
        "tierkit_inflight_requests", "Requests started and not yet answered.", inFlight::count);
  }

  /**
   * Starts a runtime on the transport {@code config} asks for.
   *
   * @throws dev.tierkit.common.transport.TransportUnavailableException if that transport cannot run
   *     here
   */
  public static DaemonRuntime start(RuntimeConfig config, MetricRegistry metrics) {
    Transport transport = config.transport().resolve();
    log.info(
        "transport {} ({} requested; available here: {}), {} event loop threads",
        transport.cliName(),
        config.transport().cliName(),
        Transport.available().stream().map(Transport::cliName).toList(),
        config.threads());
    return new DaemonRuntime(config, transport, metrics);
  }

  public RuntimeConfig config() {
    return config;
  }

  public Transport transport() {
    return transport;
  }

  /** The event loops serving connections. */
  public EventLoopGroup workerGroup() {
    return workerGroup;
  }

  /** The one-thread group of the admin endpoint, apart from accepting and request traffic. */
  public EventLoopGroup adminGroup() {
    return adminGroup;
  }

  /** The in-flight request counter shutdown waits on. */
  public InFlight inFlight() {
    return inFlight;
  }

  public State state() {
    return state;
  }

  /** TCP connections of this runtime's listeners open now (the admin endpoint's not included). */
  public int openConnections() {
    return connections.size();
  }

  /** TCP connections accepted since start ({@code tierkit_connections_total}). */
  public long acceptedConnections() {
    return connectionsAccepted.value();
  }

  /** Connections closed on accept at {@code --max-connections}. */
  public long rejectedConnections() {
    return connectionsRejected.value();
  }

  /** Every listener bound so far. */
  public List<Listener> listeners() {
    return List.copyOf(listeners);
  }

  /**
   * Binds a TCP listener whose accepted connections are set up by {@code childHandler} (usually a
   * {@link ChannelInitializer}) and counted against {@code --max-connections}.
   *
   * @throws BindFailedException with one line naming the address and the cause
   */
  public Listener bindTcp(String name, InetSocketAddress address, ChannelHandler childHandler) {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, workerGroup)
            .channel(transport.serverChannelClass())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    if (connections.size() >= config.maxConnections()) {
                      connectionsRejected.increment();
                      ch.close();
                      return;
                    }
                    connections.add(ch);
                    connectionsAccepted.increment();
                    ch.pipeline().addLast(childHandler);
                  }
                });
    return register(name, "tcp", address, bootstrap.bind(address));
  }

  /**
   * Binds a UDP listener handled by {@code handler} on one of the worker event loops.
   *
   * @throws BindFailedException with one line naming the address and the cause
   */
  public Listener bindUdp(String name, InetSocketAddress address, ChannelHandler handler) {
    return register(name, "udp", address, udpBootstrap(handler).bind(address));
  }

  private Bootstrap udpBootstrap(ChannelHandler handler) {
    return new Bootstrap()
        .group(workerGroup)
        .channel(transport.datagramChannelClass())
        .option(ChannelOption.SO_REUSEADDR, true)
        .handler(handler);
  }

  /**
   * Binds {@code sockets} UDP listeners on one port, each on its own worker event loop, so that
   * datagrams are handled in parallel: the kernel spreads them by source with {@code SO_REUSEPORT}.
   * Where the transport has no {@code SO_REUSEPORT} (NIO) one socket is bound. With port 0 the
   * first socket picks the port and the others join it. {@code handler} must be {@code @Sharable}
   * when more than one socket is bound.
   *
   * @throws BindFailedException with one line naming the address and the cause
   */
  public List<Listener> bindUdp(
      String name, InetSocketAddress address, ChannelHandler handler, int sockets) {
    var reusePort = transport.reusePortOption();
    if (sockets <= 1 || reusePort.isEmpty()) {
      return List.of(bindUdp(name, address, handler));
    }
    List<Listener> bound = new ArrayList<>();
    InetSocketAddress target = address;
    for (int i = 0; i < sockets; i++) {
      Bootstrap bootstrap = udpBootstrap(handler).option(reusePort.get(), true);
      Listener listener = register(name, "udp", target, bootstrap.bind(target));
      bound.add(listener);
      target = listener.address();
    }
    return List.copyOf(bound);
  }

  /**
   * A client bootstrap on this runtime's transport for outbound connections, registered on {@code
   * loop}. Pass the accepting channel's {@code eventLoop()}, so a relay never hands data between
   * threads; pass {@link #workerGroup()} for connections no inbound channel owns (health checks).
   */
  public Bootstrap clientBootstrap(EventLoopGroup loop) {
    return new Bootstrap()
        .group(loop)
        .channel(transport.socketChannelClass())
        .option(ChannelOption.TCP_NODELAY, true);
  }

  private Listener register(
      String name, String protocol, InetSocketAddress requested, ChannelFuture bindFuture) {
    bindFuture.awaitUninterruptibly();
    if (!bindFuture.isSuccess()) {
      throw new BindFailedException(
          describeBindFailure(name, protocol, requested, bindFuture.cause()), bindFuture.cause());
    }
    Channel channel = bindFuture.channel();
    listenerChannels.add(channel);
    Listener listener =
        new Listener(name, protocol, (InetSocketAddress) channel.localAddress(), channel);
    listeners.add(listener);
    log.info("listening: {}", listener);
    return listener;
  }

  static String describeBindFailure(
      String name, String protocol, InetSocketAddress address, Throwable cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    StringBuilder line =
        new StringBuilder("cannot bind ")
            .append(name)
            .append(" on ")
            .append(protocol)
            .append(' ')
            .append(address.getHostString())
            .append(':')
            .append(address.getPort())
            .append(": ")
            .append(message);
    String lower = message.toLowerCase(java.util.Locale.ROOT);
    if (address.getPort() > 0 && address.getPort() < 1024 && lower.contains("permission")) {
      line.append(
          " (ports below 1024 need root or CAP_NET_BIND_SERVICE; pick another with --port)");
    } else if (cause instanceof java.net.BindException
        || lower.contains("address already in use")) {
      line.append(" (another process holds this port; pick another with --port, 0 = any)");
    } else if (cause instanceof SocketException && lower.contains("assign")) {
      line.append(" (no interface has this address; check --bind)");
    }
    return line.toString();
  }

  /** Registers work to run at shutdown after connections close; last registered runs first. */
  public synchronized void onClose(AutoCloseable hook) {
    closeHooks.push(hook);
  }

  /** Shuts down gracefully: see the class comment for the order. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (state != State.RUNNING) {
        return;
      }
      state = State.DRAINING;
    }
    log.info("shutting down: no new connections; draining up to {}", config.drainTimeout());
    listenerChannels.close().awaitUninterruptibly();
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (inFlight.count() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(DRAIN_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long unfinished = inFlight.count();
    if (unfinished > 0) {
      log.warn(
          "drain timeout reached with {} requests unfinished; closing connections", unfinished);
    }
    connections.close().awaitUninterruptibly();
    runCloseHooks();
    for (EventLoopGroup group : List.of(acceptGroup, workerGroup, adminGroup)) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
    for (EventLoopGroup group : List.of(acceptGroup, workerGroup, adminGroup)) {
      group.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    state = State.CLOSED;
    log.info("stopped");
  }

  private void runCloseHooks() {
    while (true) {
      AutoCloseable hook;
      synchronized (this) {
        hook = closeHooks.poll();
      }
      if (hook == null) {
        return;
      }
      try {
        hook.close();
      } catch (Exception e) {
        log.error("shutdown step failed: {}", hook, e);
      }
    }
  }
}
