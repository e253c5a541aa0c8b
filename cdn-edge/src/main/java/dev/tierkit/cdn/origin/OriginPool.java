package dev.tierkit.cdn.origin;

import dev.tierkit.common.runtime.DaemonRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keep-alive connections to origins for the client connections of one event loop: an origin
 * connection is made on the loop of the client that needs it, so a fetch never hands bytes between
 * threads.
 *
 * <p>Owned by its event loop and used only from it, so it takes no lock. Per origin it keeps a
 * stack (the connection parked last goes out first, so a few stay hot and the surplus ages out). A
 * sweep every half idle timeout closes what has been parked longer than the timeout.
 *
 * <p>Limits: at most {@code maxIdlePerOrigin} parked connections per origin (one returned beyond
 * that is closed); a response's status line at most {@value #MAX_RESPONSE_LINE} bytes, its headers
 * at most {@code maxResponseHeaders} bytes (a longer one fails the fetch: 502); body pieces of at
 * most {@value #MAX_CHUNK} bytes. Connects time out after {@code connectTimeout}.
 */
public final class OriginPool {
  static final int MAX_RESPONSE_LINE = 8192;
  static final int MAX_CHUNK = 65536;

  private final DaemonRuntime runtime;
  private final EventLoop loop;
  private final int maxIdlePerOrigin;
  private final int maxResponseHeaders;
  private final int connectTimeoutMillis;
  private final long idleNanos;
  private final Map<Origin, ArrayDeque<OriginConnection>> idle = new HashMap<>();
  private final Map<Origin, InetSocketAddress> addresses = new HashMap<>();
  private int parked;
  private boolean sweepScheduled;

  public OriginPool(
      DaemonRuntime runtime,
      EventLoop loop,
      int maxIdlePerOrigin,
      int maxResponseHeaders,
      Duration connectTimeout,
      Duration idleTimeout) {
    this.runtime = runtime;
    this.loop = loop;
    this.maxIdlePerOrigin = maxIdlePerOrigin;
    this.maxResponseHeaders = maxResponseHeaders;
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.idleNanos = idleTimeout.toNanos();
  }

  /**
   * A connection to {@code origin}: a parked one when there is one (check {@link
   * OriginConnection#reused()} to know whether a failed send may be retried), else a new one.
   */
  public Future<OriginConnection> acquire(Origin origin) {
    Promise<OriginConnection> promise = loop.newPromise();
    ArrayDeque<OriginConnection> stack = idle.get(origin);
    while (stack != null && !stack.isEmpty()) {
      OriginConnection c = stack.pollFirst();
      parked--;
      if (c.channel().isActive()) {
        return promise.setSuccess(c);
      }
    }
    OriginConnection connection = new OriginConnection(origin, this);
    InetSocketAddress address =
        addresses.computeIfAbsent(
            origin, o -> new InetSocketAddress(o.address().host(), o.address().port()));
    ChannelFuture connect =
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
                                    .setMaxHeaderSize(maxResponseHeaders)
                                    .setMaxChunkSize(MAX_CHUNK),
                                false,
                                false))
                        .addLast("origin", connection);
                  }
                })
            .connect(address);
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            promise.setSuccess(connection);
          } else {
            promise.setFailure(f.cause());
          }
        });
    return promise;
  }

  void park(OriginConnection connection) {
    ArrayDeque<OriginConnection> stack =
        idle.computeIfAbsent(connection.origin(), o -> new ArrayDeque<>());
    if (stack.size() >= maxIdlePerOrigin) {
      connection.channel().close();
      return;
    }
    connection.parkedAt(System.nanoTime());
    stack.addFirst(connection);
    parked++;
    if (!sweepScheduled && idleNanos > 0) {
      sweepScheduled = true;
      loop.schedule(this::sweep, Math.max(1, idleNanos / 2), TimeUnit.NANOSECONDS);
    }
  }

  void remove(OriginConnection connection) {
    ArrayDeque<OriginConnection> stack = idle.get(connection.origin());
    if (stack != null && stack.remove(connection)) {
      parked--;
    }
  }

  /** Parked connections now, over all origins. */
  public int parked() {
    return parked;
  }

  private void sweep() {
    sweepScheduled = false;
    long now = System.nanoTime();
    for (ArrayDeque<OriginConnection> stack : idle.values()) {
      for (Iterator<OriginConnection> it = stack.iterator(); it.hasNext(); ) {
        OriginConnection c = it.next();
        if (now - c.parkedAtNanos() >= idleNanos) {
          it.remove();
          parked--;
          c.channel().close();
        }
      }
    }
    if (parked > 0) {
      sweepScheduled = true;
      loop.schedule(this::sweep, Math.max(1, idleNanos / 2), TimeUnit.NANOSECONDS);
    }
  }

  /** Closes every parked connection (shutdown). */
  public void closeAll() {
    for (ArrayDeque<OriginConnection> stack : idle.values()) {
      stack.forEach(c -> c.channel().close());
      stack.clear();
    }
    parked = 0;
  }
}
