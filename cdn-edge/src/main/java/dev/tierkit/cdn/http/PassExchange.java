package dev.tierkit.cdn.http;

import dev.tierkit.cdn.origin.Origin;
import dev.tierkit.cdn.origin.OriginConnection;
import dev.tierkit.cdn.origin.OriginPool;
import dev.tierkit.common.http.HeaderRewriter;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Relays one request that is not answered from cache (POST, PUT, DELETE, PATCH, OPTIONS, a GET with
 * a body) to an origin and its response back, streaming both ways with backpressure: the client is
 * not read while the origin connection cannot take more, and the origin is not read while the
 * client connection cannot. Memory per exchange is bounded by the channels' write buffers, whatever
 * the body sizes.
 *
 * <p>Only a failed connect moves on to the next origin; once the request has been sent it is not
 * repeated (it may not be idempotent). Runs on the client connection's loop.
 */
final class PassExchange implements OriginConnection.Owner {
  /** What the exchange reports to the client side. */
  interface Client {
    Channel channel();

    /** The origin's response head, already rewritten for the client. */
    void passHead(HttpResponse response);

    /** A piece of the origin's body (ownership passes). */
    void passContent(HttpContent content);

    /** The origin's body ended; {@code ok} false when it broke off. */
    void passEnd(boolean ok);

    /** No response: answer with this status (502 or 504). */
    void passFailed(int status);

    /** Whether the origin connection can take more request body now. */
    void passWritable(boolean writable);
  }

  private final EdgeContext edge;
  private final OriginPool pool;
  private final Client client;
  private final HttpRequest request;
  private final ArrayDeque<HttpContent> queued = new ArrayDeque<>();
  private final int start;
  private int attempt;
  private OriginConnection connection;
  private boolean sent;
  private boolean requestDone;
  private boolean responseStarted;
  private boolean finished;
  private boolean clientPaused;

  /** Inside an interim (1xx) response: its empty end is not the end of the real one. */
  private boolean interim;

  private ScheduledFuture<?> timeout;
  private long lastReadNanos;

  PassExchange(
      EdgeContext edge, OriginPool pool, Client client, HttpRequest clientRequest, String peer) {
    this.edge = edge;
    this.pool = pool;
    this.client = client;
    DefaultHttpRequest r =
        new DefaultHttpRequest(
            clientRequest.protocolVersion(),
            clientRequest.method(),
            clientRequest.uri(),
            clientRequest.headers().copy());
    HeaderRewriter.forwardRequest(r, peer, false, 0, false, false);
    Fetch.addVia(edge, r.headers());
    if (edge.config.originHostHeader() != null) {
      r.headers().set(HttpHeaderNames.HOST, edge.config.originHostHeader());
    }
    this.request = r;
    this.start = edge.origins.start();
  }

  void start() {
    Origin origin = edge.origins.pick(attempt++, start);
    if (origin == null) {
      finish();
      client.passFailed(502);
      return;
    }
    origin.requested();
    edge.metrics.originFetches.increment();
    Future<OriginConnection> f = pool.acquire(origin);
    f.addListener(
        x -> {
          if (finished) {
            if (f.isSuccess()) {
              f.getNow().release(false);
            }
            return;
          }
          if (!f.isSuccess()) {
            origin.failed();
            edge.metrics.originFailures.increment();
            start();
            return;
          }
          connection = f.getNow();
          interim = false;
          connection.attach(this);
          sent = true;
          connection.channel().write(request);
          while (!queued.isEmpty()) {
            writeBody(queued.poll());
          }
          connection.channel().flush();
          lastReadNanos = System.nanoTime();
          scheduleTimeout(edge.config.originTimeout().toNanos());
        });
  }

  /** A piece of the client's request body (ownership passes). */
  void requestContent(HttpContent content) {
    if (finished) {
      ReferenceCountUtil.release(content);
      return;
    }
    if (!sent) {
      queued.add(content);
      return;
    }
    writeBody(content);
    connection.channel().flush();
  }

  private void writeBody(HttpContent content) {
    if (content instanceof LastHttpContent) {
      requestDone = true;
    }
    connection.channel().write(content);
    if (!connection.channel().isWritable()) {
      client.passWritable(false);
    }
  }

  /** The client connection's writability changed: pause or resume reading the origin. */
  void clientWritabilityChanged(boolean writable) {
    if (connection == null) {
      return;
    }
    if (writable && clientPaused) {
      clientPaused = false;
      connection.channel().config().setAutoRead(true);
      connection.channel().read();
    }
  }

  /** The client went away: drop the origin connection, whatever state it is in. */
  void abort() {
    if (finished) {
      return;
    }
    finish();
    if (connection != null) {
      OriginConnection c = connection;
      connection = null;
      c.release(false);
    }
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
  }

  @Override
  public void originRead(OriginConnection c, Object msg) {
    lastReadNanos = System.nanoTime();
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse) {
      HttpResponse response = (HttpResponse) msg;
      if (response.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        fail(502);
        return;
      }
      if (response.status().code() / 100 == 1 && response.status().code() != 101) {
        // An interim 100 Continue: the client sent Expect and gets it too.
        HeaderRewriter.forwardResponse(response, false);
        client.passHead(response);
        interim = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg);
        return;
      }
      responseStarted = true;
      HeaderRewriter.forwardResponse(response, false);
      client.passHead(response);
    }
    if (msg instanceof HttpContent) {
      HttpContent content = (HttpContent) msg;
      if (content.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        fail(502);
        return;
      }
      boolean last = content instanceof LastHttpContent;
      if (interim) {
        interim = !last;
        ReferenceCountUtil.release(msg);
        return;
      }
      client.passContent(content);
      if (!client.channel().isWritable() && !last) {
        clientPaused = true;
        c.channel().config().setAutoRead(false);
      }
      if (last) {
        boolean reusable = requestDone && HttpUtil.isKeepAlive(request);
        connection = null;
        cancelTimeout();
        finish();
        c.release(reusable);
        client.passEnd(true);
      }
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void originInactive(OriginConnection c) {
    if (connection != c || finished) {
      return;
    }
    connection = null;
    c.origin().failed();
    edge.metrics.originFailures.increment();
    fail(502);
  }

  @Override
  public void originWritabilityChanged(OriginConnection c) {
    client.passWritable(c.channel().isWritable());
  }

  private void fail(int status) {
    boolean started = responseStarted;
    abort();
    if (started) {
      client.passEnd(false);
    } else {
      client.passFailed(status);
    }
  }

  private void finish() {
    finished = true;
    cancelTimeout();
  }

  private void scheduleTimeout(long nanos) {
    timeout =
        client.channel().eventLoop().schedule(this::checkTimeout, nanos, TimeUnit.NANOSECONDS);
  }

  private void checkTimeout() {
    if (finished || connection == null) {
      return;
    }
    long limit = edge.config.originTimeout().toNanos();
    long idle = System.nanoTime() - lastReadNanos;
    if (clientPaused || !requestDone || idle < limit) {
      // Waiting on the client (its body, or its reading) is the client's idle timeout's business.
      scheduleTimeout(clientPaused || !requestDone ? limit : limit - idle);
      return;
    }
    connection.origin().failed();
    edge.metrics.originFailures.increment();
    fail(504);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
