package dev.tierkit.lb.http;

import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.lb.balance.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to backends, for the client connections of one event loop.
 *
 * <p>Owned by its event loop and used only from it, so it takes no lock. Per backend it keeps a
 * stack: the connection parked last is handed out first, which keeps a few connections hot and lets
 * the surplus age out. A sweep runs every half idle timeout while anything is parked and closes
 * what has been idle longer than the timeout. A parked connection the backend closes (or that sends
 * anything at all) is dropped at once by its own handler.
 *
 * <p>Limits: at most {@code maxIdlePerBackend} (default 64) parked connections per backend; one
 * returned beyond that is closed. Connections in use are not counted here: they are bounded by the
 * backend's slot limit ({@link Backend#maxConnections}).
 *
 * <p>Backend host names are resolved once per loop, on first use, and kept: address literals, the
 * usual configuration, never block.
 */
final class BackendConnectionPool {
  /** Parked connections per backend unless configured otherwise. */
  static final int DEFAULT_MAX_IDLE_PER_BACKEND = 64;

  private static final int MAX_RESPONSE_LINE = 8192;
  private static final int MAX_RESPONSE_HEADERS = 65536;
  private static final int MAX_CHUNK = 65536;

  private final DaemonRuntime runtime;
  private final EventLoop loop;
  private final int maxIdlePerBackend;
  private final long idleNanos;
  private final Map<Backend, ArrayDeque<BackendConnection>> idle = new HashMap<>();
  private final Map<Backend, InetSocketAddress> addresses = new HashMap<>();
  private final Runnable sweep = this::sweep;
  private int parked;
  private boolean sweepScheduled;

  BackendConnectionPool(
      DaemonRuntime runtime, EventLoop loop, int maxIdlePerBackend, Duration idleTimeout) {
    if (maxIdlePerBackend < 0) {
      throw new IllegalArgumentException(
          "maxIdlePerBackend must be >= 0, got " + maxIdlePerBackend);
    }
    this.runtime = runtime;
    this.loop = loop;
    this.maxIdlePerBackend = maxIdlePerBackend;
    this.idleNanos = idleTimeout.toNanos();
  }

  /** A parked connection to {@code backend} that is still open, or null. */
  BackendConnection poll(Backend backend) {
    ArrayDeque<BackendConnection> stack = idle.get(backend);
    if (stack == null) {
      return null;
    }
    BackendConnection c;
    while ((c = stack.pollFirst()) != null) {
      parked--;
      if (c.channel().isActive()) {
        return c;
      }
    }
    return null;
  }

  /**
   * Starts a new connection for {@code connection} (its backend, on this pool's loop), with the
   * HTTP client codec in front of it; the caller listens on the returned future.
   */
  ChannelFuture connect(BackendConnection connection, int connectTimeoutMillis) {
    Bootstrap bootstrap =
        runtime
            .clientBootstrap(loop)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            "codec",
                            new HttpClientCodec(
                                new HttpDecoderConfig()
                                    .setMaxInitialLineLength(MAX_RESPONSE_LINE)
                                    .setMaxHeaderSize(MAX_RESPONSE_HEADERS)
                                    .setMaxChunkSize(MAX_CHUNK),
                                false,
                                false))
                        .addLast("backend", connection);
                  }
                });
    return bootstrap.connect(addressOf(connection.backend()));
  }

  private InetSocketAddress addressOf(Backend backend) {
    InetSocketAddress address = addresses.get(backend);
    if (address == null || address.isUnresolved()) {
      address = new InetSocketAddress(backend.host(), backend.port());
      addresses.put(backend, address);
    }
    return address;
  }

  /** Parks a connection after a complete exchange, or closes it when it cannot be kept. */
  void offer(BackendConnection c) {
    if (!c.channel().isActive()) {
      return;
    }
    ArrayDeque<BackendConnection> stack =
        idle.computeIfAbsent(c.backend(), b -> new ArrayDeque<>());
    if (stack.size() >= maxIdlePerBackend) {
      c.channel().close();
      return;
    }
    c.parkedAt(System.nanoTime());
    stack.addFirst(c);
    parked++;
    if (!sweepScheduled) {
      sweepScheduled = true;
      loop.schedule(sweep, Math.max(1, idleNanos / 2), TimeUnit.NANOSECONDS);
    }
  }

  /** Forgets a parked connection that closed. */
  void remove(BackendConnection c) {
    ArrayDeque<BackendConnection> stack = idle.get(c.backend());
    if (stack != null && stack.remove(c)) {
      parked--;
    }
  }

  /** Connections parked now. */
  int parked() {
    return parked;
  }

  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    List<BackendConnection> expired = new ArrayList<>();
    for (Iterator<ArrayDeque<BackendConnection>> it = idle.values().iterator(); it.hasNext(); ) {
      ArrayDeque<BackendConnection> stack = it.next();
      // The oldest are at the bottom of the stack.
      BackendConnection c;
      while ((c = stack.peekLast()) != null && now - c.parkedAtNanos() >= idleNanos) {
        stack.pollLast();
        parked--;
        expired.add(c);
      }
      if (stack.isEmpty()) {
        it.remove();
      }
    }
    for (BackendConnection c : expired) {
      c.channel().close();
    }
    if (parked > 0) {
      sweepScheduled = true;
      loop.schedule(sweep, Math.max(1, idleNanos / 2), TimeUnit.NANOSECONDS);
    }
  }
}
