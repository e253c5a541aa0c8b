package dev.tierkit.cdn.origin;

import dev.tierkit.common.health.HealthTracker;
import dev.tierkit.common.runtime.DaemonRuntime;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of every origin (see {@link HealthCheck}). Each check is a fresh connection
 * (a kept-alive one would not notice a listener that stopped accepting) sending {@code GET path
 * HTTP/1.1} with {@code Host} (the {@code --origin-host-header} when set, else the origin's
 * authority), {@code Connection: close} and {@code User-Agent: tierkit-cdn-edge-health}; only the
 * status line and headers are read. Flips are logged at info. One origin's checks never overlap:
 * the next starts {@code interval} after the previous one started, or at once when it took longer.
 * Checks run on the runtime's event loops and never block them; origin host names that are not
 * address literals are resolved by the connect (the JDK resolver), which is why production setups
 * give addresses.
 */
public final class OriginHealth implements AutoCloseable {
  static final String USER_AGENT = "tierkit-cdn-edge-health";

  private static final Logger log = LoggerFactory.getLogger(OriginHealth.class);

  private final DaemonRuntime runtime;
  private final HealthCheck config;
  private final String hostHeader;
  private final List<Check> checks = new ArrayList<>();
  private volatile boolean closed;

  public OriginHealth(
      DaemonRuntime runtime, OriginSet origins, HealthCheck config, String hostHeader) {
    this.runtime = runtime;
    this.config = config;
    this.hostHeader = hostHeader;
    if (config.enabled()) {
      for (Origin o : origins.origins()) {
        checks.add(new Check(o, runtime.workerGroup().next()));
      }
      checks.forEach(Check::schedule);
    }
  }

  @Override
  public void close() {
    closed = true;
    checks.forEach(Check::stop);
  }

  private final class Check {
    private final Origin origin;
    private final EventLoop loop;
    private final HealthTracker tracker;
    private ScheduledFuture<?> next;
    private long startedNanos;

    Check(Origin origin, EventLoop loop) {
      this.origin = origin;
      this.loop = loop;
      this.tracker = new HealthTracker(config.rise(), config.fall(), true);
    }

    void schedule() {
      loop.execute(() -> next = loop.schedule(this::run, 0, TimeUnit.MILLISECONDS));
    }

    void stop() {
      loop.execute(
          () -> {
            if (next != null) {
              next.cancel(false);
            }
          });
    }

    private void run() {
      if (closed) {
        return;
      }
      startedNanos = System.nanoTime();
      long timeoutMillis = config.timeout().toMillis();
      final boolean[] done = {false};
      ChannelFuture connect =
          runtime
              .clientBootstrap(loop)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeoutMillis)
              .handler(
                  new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(
                              new SimpleChannelInboundHandler<HttpObject>() {
                                @Override
                                protected void channelRead0(
                                    ChannelHandlerContext ctx, HttpObject msg) {
                                  if (msg instanceof HttpResponse && !done[0]) {
                                    done[0] = true;
                                    int code = ((HttpResponse) msg).status().code();
                                    finish(code >= 200 && code < 400, "HTTP " + code);
                                    ctx.close();
                                  }
                                }

                                @Override
                                public void channelInactive(ChannelHandlerContext ctx) {
                                  if (!done[0]) {
                                    done[0] = true;
                                    finish(false, "closed before a response");
                                  }
                                }

                                @Override
                                public void exceptionCaught(
                                    ChannelHandlerContext ctx, Throwable cause) {
                                  ctx.close();
                                }
                              });
                    }
                  })
              .connect(new InetSocketAddress(origin.address().host(), origin.address().port()));
      connect.addListener(
          f -> {
            if (!f.isSuccess()) {
              if (!done[0]) {
                done[0] = true;
                finish(false, describe(f.cause()));
              }
              return;
            }
            Channel ch = connect.channel();
            DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, config.path());
            request
                .headers()
                .set(
                    HttpHeaderNames.HOST,
                    hostHeader != null ? hostHeader : origin.address().authority())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(HttpHeaderNames.USER_AGENT, USER_AGENT);
            ch.writeAndFlush(request);
          });
      loop.schedule(
          () -> {
            if (!done[0]) {
              done[0] = true;
              finish(false, "timed out after " + timeoutMillis + " ms");
              connect.channel().close();
            }
          },
          timeoutMillis,
          TimeUnit.MILLISECONDS);
    }

    private void finish(boolean passed, String what) {
      origin.setLastCheck((passed ? "passed: " : "failed: ") + what);
      HealthTracker.Change change = tracker.record(passed);
      if (change != HealthTracker.Change.NONE) {
        origin.setHealthy(tracker.healthy());
        log.info("origin {} is {} ({})", origin, tracker.healthy() ? "up" : "down", what);
      }
      if (closed) {
        return;
      }
      long elapsed = System.nanoTime() - startedNanos;
      long wait = Math.max(0, config.interval().toNanos() - elapsed);
      next = loop.schedule(this::run, wait, TimeUnit.NANOSECONDS);
    }
  }

  static String describe(Throwable cause) {
    if (cause instanceof ConnectException) {
      String m = cause.getMessage();
      return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("refused")
          ? "connection refused"
          : "connect failed: " + m;
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
