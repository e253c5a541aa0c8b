package dev.tierkit.lb.http;

import dev.tierkit.common.http.ClientResponseEncoder;
import dev.tierkit.common.http.ErrorResponses;
import dev.tierkit.common.http.HeaderRewriter;
import dev.tierkit.common.http.RequestValidator;
import dev.tierkit.common.runtime.DaemonRuntime;
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
import dev.tierkit.lb.config.Timeouts;
import dev.tierkit.lb.log.AccessLog;
import dev.tierkit.lb.log.AccessLogEntry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The reverse proxy of one client connection: HTTP/1.1 requests in, each forwarded to a backend
 * picked from the pool its route names, the response streamed back.
 *
 * <h2>Design</h2>
 *
 * <p>Everything runs on the client connection's event loop, and so do its backend connections (from
 * the loop's {@link BackendConnectionPool}), so no field needs a lock or a volatile.
 *
 * <p><b>One exchange at a time.</b> A connection has at most one request in progress (the fields
 * under "the exchange"). Requests decoded while one is in progress (pipelining) wait in {@code
 * queued}, reading stops until the exchange ends, and they are started in order as the previous
 * response completes, so responses leave in request order. The queue takes at most {@value
 * #MAX_QUEUED_REQUESTS} requests; one past that is dropped and the connection closes after the
 * queued ones are answered (clients retry what a pipelining connection left unanswered).
 *
 * <p><b>Streaming.</b> Bodies are never aggregated: each {@link HttpContent} is written to the
 * other side as it arrives. When the destination stops being writable, reading from the source
 * stops until it drains ({@code channelWritabilityChanged}). Writes are flushed once per read batch
 * of either side.
 *
 * <p><b>Retries.</b> A request whose connect attempt fails, or whose fresh backend connection
 * closes before answering anything while no byte of its body has been sent and its method is
 * idempotent or carries an {@code Idempotency-Key}, goes to another backend, up to the pool's
 * {@code retries} and within its {@link dev.tierkit.lb.balance.RetryBudget}. A reused keep-alive
 * connection that closes that way (the backend timed it out as it was reused) is retried for any
 * method, on a new connection and without holding it against the backend, which may be picked
 * again. For an idempotent request the first {@value #MAX_REPLAY_BYTES} bytes of body sent are kept
 * as retained slices until the response starts, so such a request is resent whole; a larger body,
 * once partly sent, is not retried.
 *
 * <p><b>Timers.</b> One scheduled task per connection at a time; deadlines are fields, and when the
 * task fires it acts on whatever deadline passed and re-arms for the earliest one left. A deadline
 * later than the pending task does not reschedule it, so a busy keep-alive connection schedules
 * about once per idle timeout, not once per request. The header timeout runs from the first byte of
 * a request (the watcher in front of the decoder notes it) to its complete headers; between
 * requests the idle timeout closes the connection without a response.
 *
 * <p><b>Upgrades.</b> A request with {@code Upgrade} is forwarded with it; on {@code 101} the HTTP
 * codecs leave both pipelines and bytes are relayed as they are until either side closes or the
 * idle timeout passes with no traffic.
 *
 * <p>Not thread-safe; one instance per client connection.
 */
final class HttpProxyHandler extends ChannelInboundHandlerAdapter
    implements BackendConnection.Owner {
  /** Pipelined requests waiting while one is in progress. */
  static final int MAX_QUEUED_REQUESTS = 32;

  /** Body bytes of an idempotent request kept (as retained slices) so that a retry can resend. */
  static final int MAX_REPLAY_BYTES = 65536;

  private static final int PAUSE_QUEUED = 1;
  private static final int PAUSE_BACKEND_WRITE = 2;
  private static final int PAUSE_NO_BACKEND = 4;

  private final FrontendContext ctx;
  private final HttpProxyMetrics metrics;
  private final BackendConnectionPool pool;
  private final ClientResponseEncoder encoder;
  private final boolean peerTrusted;
  private final boolean tls;
  private final InetSocketAddress peer;
  private final String peerIp;
  private final String peerText;
  private final ArrayDeque<HttpObject> queued = new ArrayDeque<>();
  private final Runnable timerTask = this::onTimer;
  private final ChannelFutureListener connectListener = this::connectDone;

  private Channel client;
  private int queuedRequests;
  private boolean overflow;
  private int pause;
  private boolean closing;
  private boolean closed;
  private boolean relaying;
  private int unfinished;
  private int waitGeneration;
  private boolean clientFlush;
  private boolean backendFlush;
  private long headerStartNanos;
  private long idleSinceNanos;
  private long lastRelayNanos;
  private ScheduledFuture<?> timer;
  private long timerAtNanos;

  // The exchange: the request in progress, reset by endExchange.
  private HttpRequest request;
  private FrontendConfig frontend;
  private Upstream upstream;
  private Backend backend;
  private BackendConnection conn;
  private PickContext pick;
  private Pool.Waiter waiter;
  private ArrayDeque<HttpContent> pendingBody;
  private ArrayDeque<HttpContent> replay;
  private int replayBytes;
  private boolean replayOn;
  private boolean bodyless;
  private boolean requestComplete;
  private boolean requestHeadSent;
  private boolean lastSent;
  private boolean bodyForwarded;
  private boolean connecting;
  private boolean backendSpoke;
  private boolean informational;
  private boolean responseStarted;
  private boolean responseComplete;
  private boolean clientKeepAlive;
  private boolean backendReusable;
  private boolean upgrading;
  private boolean head;
  private boolean setSticky;
  private boolean budgetHeld;
  private boolean freshConnection;
  private boolean staleRetried;
  private HttpVersion clientVersion;
  private String answeredBy;
  private String clientText;
  private String requestLine;
  private HttpResponseStatus failedStatus;
  private String failedTermination;
  private int attempts;
  private int retryTokens;
  private int status;
  private long bodyIn;
  private long bodyOut;
  private long startNanos;
  private long startMillis;
  private long connectStartNanos;
  private long connectMicros;
  private long requestDeadline;
  private long responseDeadline;
  private long waitDeadline;

  HttpProxyHandler(
      FrontendContext ctx,
      HttpProxyMetrics metrics,
      BackendConnectionPool pool,
      ClientResponseEncoder encoder,
      InetSocketAddress peer,
      boolean peerTrusted,
      boolean tls) {
    this.ctx = ctx;
    this.metrics = metrics;
    this.pool = pool;
    this.encoder = encoder;
    this.peerTrusted = peerTrusted;
    this.tls = tls;
    this.peer = peer;
    this.peerIp = HeaderRewriter.addressOf(peer);
    this.peerText = (peerIp.indexOf(':') >= 0 ? "[" + peerIp + "]" : peerIp) + ":" + peer.getPort();
  }

  /** The handler that goes in front of the request decoder and notes a request's first byte. */
  ChannelInboundHandlerAdapter requestStartWatcher() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext c, Object msg) {
        if (request == null && headerStartNanos == 0 && !relaying) {
          headerStartNanos = System.nanoTime();
        }
        c.fireChannelRead(msg);
      }
    };
  }

  // ---------------------------------------------------------------- client side

  @Override
  public void handlerAdded(ChannelHandlerContext c) {
    client = c.channel();
  }

  @Override
  public void channelActive(ChannelHandlerContext c) {
    idleSinceNanos = System.nanoTime();
    arm(idleSinceNanos + timeouts().idle().toNanos());
    c.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (closing || closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (relaying) {
      relayToBackend(msg);
      return;
    }
    if (!(msg instanceof HttpObject m)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (m instanceof HttpRequest) {
      headerStartNanos = 0;
      if (overflow) {
        ReferenceCountUtil.release(msg);
        return;
      }
      unfinished++;
      ctx.runtime().inFlight().begin();
    } else if (overflow) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!queued.isEmpty() || !accepts(m)) {
      enqueue(m);
      return;
    }
    handleClient(m);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext c) {
    if (request == null && headerStartNanos != 0 && !closing) {
      // Part of a request head arrived and the rest did not: the header timeout starts ticking.
      arm(headerStartNanos + timeouts().clientHeader().toNanos());
    }
    flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext c) {
    if (client.isWritable() && conn != null) {
      conn.channel().config().setAutoRead(true);
    }
    c.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    closed = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    if (request != null) {
      endExchange(responseStarted ? "client-closed" : "client-aborted");
    }
    HttpObject m;
    while ((m = queued.poll()) != null) {
      ReferenceCountUtil.release(m);
    }
    while (unfinished > 0) {
      unfinished--;
      ctx.runtime().inFlight().end();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    // Resets and TLS failures end the connection; channelInactive cleans up.
    c.close();
  }

  /** Whether {@code m} can be handled now rather than queued behind the request in progress. */
  private boolean accepts(HttpObject m) {
    if (m instanceof HttpRequest) {
      return request == null;
    }
    return request == null || !requestComplete;
  }

  private void enqueue(HttpObject m) {
    if (m instanceof HttpRequest && ++queuedRequests > MAX_QUEUED_REQUESTS) {
      overflow = true;
      unfinished--;
      ctx.runtime().inFlight().end();
      ReferenceCountUtil.release(m);
      return;
    }
    queued.add(m);
    pause(PAUSE_QUEUED);
  }

  private void drainQueue() {
    HttpObject m;
    while (!closing && !closed && (m = queued.peek()) != null && accepts(m)) {
      queued.poll();
      if (m instanceof HttpRequest) {
        queuedRequests--;
      }
      handleClient(m);
    }
    if (queued.isEmpty()) {
      unpause(PAUSE_QUEUED);
    }
  }

  private void handleClient(HttpObject m) {
    if (m instanceof HttpRequest req) {
      startRequest(req);
    }
    if (m instanceof HttpContent content) {
      onRequestContent(content);
    }
  }

  private void startRequest(HttpRequest req) {
    long now = System.nanoTime();
    Routing routing = ctx.routing().get();
    frontend = routing.frontend();
    request = req;
    startNanos = now;
    connectMicros = -1;
    clientVersion = req.protocolVersion();
    head = HttpMethod.HEAD.equals(req.method());
    bodyless = !HttpUtil.isTransferEncodingChunked(req) && HttpUtil.getContentLength(req, 0L) == 0;
    clientKeepAlive =
        HttpUtil.isKeepAlive(req) && ctx.runtime().state() == DaemonRuntime.State.RUNNING;
    if (ctx.accessLog() != AccessLog.NONE) {
      startMillis = System.currentTimeMillis();
      requestLine = req.method().name() + ' ' + req.uri() + ' ' + clientVersion.text();
      clientText = clientAddress(req);
    }
    requestDeadline = now + frontend.timeouts().request().toNanos();
    arm(requestDeadline);
    HttpResponseStatus reject = RequestValidator.check(req, frontend.limits());
    if (reject != null) {
      respondError(reject, true, "bad-request");
      return;
    }
    upstream = routing.route(RequestValidator.hostOf(req), RequestValidator.pathOf(req));
    if (upstream == null) {
      metrics.noBackend.increment();
      respondError(HttpResponseStatus.SERVICE_UNAVAILABLE, false, "no-backend");
      return;
    }
    upstream.retryBudget().requestStarted();
    budgetHeld = true;
    upgrading = isUpgrade(req.headers());
    replayOn = !bodyless && retrySafe(req);
    // One context per connection, reset per request: a pick needs no allocation.
    if (pick == null) {
      pick = new PickContext(now);
    } else {
      pick.reset(now);
    }
    PoolConfig pc = upstream.config();
    if (upstream.pool().algorithm() == Algorithm.CONSISTENT_HASH) {
      pick.setHash(hashOf(req.headers(), pc.hashKey()));
    }
    HeaderRewriter.forwardRequest(req, peerIp, peerTrusted, frontend.trustedHops(), tls, upgrading);
    chooseBackend();
  }

  private void onRequestContent(HttpContent content) {
    if (request == null || requestComplete) {
      // The rest of a request already answered (an error before its body was read).
      content.release();
      return;
    }
    HttpResponseStatus bad = RequestValidator.checkContent(content);
    if (bad != null) {
      content.release();
      respondError(
          bad,
          true,
          bad.code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()
              ? "body-too-large"
              : "bad-request");
      return;
    }
    int n = content.content().readableBytes();
    bodyIn += n;
    long max = frontend.limits().maxBodySize();
    if (max > 0 && bodyIn > max) {
      content.release();
      respondError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, true, "body-too-large");
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (last) {
      requestComplete = true;
    }
    if (requestHeadSent) {
      writeToBackend(content);
      if (last) {
        startResponseTimer();
      }
    } else {
      if (pendingBody == null) {
        pendingBody = new ArrayDeque<>(4);
      }
      pendingBody.add(content);
    }
  }

  private void writeToBackend(HttpContent content) {
    Channel bc = conn.channel();
    int n = content.content().readableBytes();
    if (n > 0) {
      bodyForwarded = true;
    }
    if (replayOn) {
      if (replayBytes + n <= MAX_REPLAY_BYTES) {
        if (replay == null) {
          replay = new ArrayDeque<>(4);
        }
        replay.add(content.retainedDuplicate());
        replayBytes += n;
      } else {
        dropReplay();
      }
    }
    if (content instanceof LastHttpContent) {
      lastSent = true;
    }
    bc.write(content, bc.voidPromise());
    backendFlush = true;
    if (!bc.isWritable()) {
      pause(PAUSE_BACKEND_WRITE);
    }
  }

  /** Stops keeping sent body pieces for a retry: the response began, or the body is too big. */
  private void dropReplay() {
    replayOn = false;
    replayBytes = 0;
    if (replay != null) {
      HttpContent content;
      while ((content = replay.poll()) != null) {
        content.release();
      }
    }
  }

  private void startResponseTimer() {
    responseDeadline = System.nanoTime() + frontend.timeouts().backendResponse().toNanos();
    arm(responseDeadline);
  }

  // ---------------------------------------------------------------- picking and connecting

  private void chooseBackend() {
    long now = System.nanoTime();
    pick.setNowNanos(now);
    Pool p = upstream.pool();
    PoolConfig pc = upstream.config();
    Backend b = null;
    boolean sticky = pc.stickyCookie() != null;
    if (sticky && pick.triedCount() == 0) {
      String value = cookieValue(request.headers(), pc.stickyCookie());
      if (value != null) {
        Backend named = p.findBySticky(value).orElse(null);
        if (named != null && pick.eligible(named) && named.tryAcquire()) {
          b = named;
        }
      }
    }
    setSticky = sticky && b == null;
    if (b == null) {
      b = p.pick(pick);
    }
    if (b == null) {
      if (pick.triedCount() == 0 && pc.queueSize() > 0 && p.anyAvailable(now)) {
        int generation = ++waitGeneration;
        waiter = p.await(() -> wakeFromAnyThread(generation), pc.queueSize());
        if (waiter != null) {
          waitDeadline = now + pc.queueTimeout().toNanos();
          arm(waitDeadline);
          pause(PAUSE_NO_BACKEND);
          return;
        }
      }
      if (failedStatus != null) {
        // Every backend left was tried: the answer is the last attempt's failure.
        respondError(failedStatus, !requestComplete && !bodyless, failedTermination);
        return;
      }
      metrics.noBackend.increment();
      respondError(HttpResponseStatus.SERVICE_UNAVAILABLE, false, "no-backend");
      return;
    }
    backend = b;
    backendSpoke = false;
    BackendConnection idle = freshConnection ? null : pool.poll(b);
    if (idle != null) {
      conn = idle;
      idle.attach(this);
      sendRequestHead();
      return;
    }
    connecting = true;
    pause(PAUSE_NO_BACKEND);
    connectStartNanos = now;
    BackendConnection fresh = new BackendConnection(b, pool);
    fresh.attach(this);
    conn = fresh;
    ChannelFuture f =
        pool.connect(fresh, (int) Math.min(Integer.MAX_VALUE, timeouts().connect().toMillis()));
    fresh.bind(f.channel());
    if (f.isDone()) {
      connectDone(f);
    } else {
      f.addListener(connectListener);
    }
  }

  /**
   * Runs on whichever thread freed a slot; the pick happens back on this connection's loop, and
   * only if the wait it ends is still the current one (not timed out, not an earlier exchange's).
   */
  private void wakeFromAnyThread(int generation) {
    client.eventLoop().execute(() -> slotFreed(generation));
  }

  private void slotFreed(int generation) {
    if (closed || closing || request == null || waiter == null || generation != waitGeneration) {
      return;
    }
    waiter = null;
    waitDeadline = 0;
    unpause(PAUSE_NO_BACKEND);
    chooseBackend();
    flush();
  }

  private void connectDone(ChannelFuture f) {
    BackendConnection c = conn;
    if (c == null || c.channel() != f.channel() || closed) {
      // The exchange moved on (timeout, client gone) while connecting.
      f.channel().close();
      return;
    }
    connecting = false;
    if (f.isSuccess()) {
      connectMicros = (System.nanoTime() - connectStartNanos) / 1000;
      sendRequestHead();
    } else {
      conn = null;
      c.detach();
      failAttempt(true, true, HttpResponseStatus.SERVICE_UNAVAILABLE, "connect-failed");
    }
    flush();
  }

  private void sendRequestHead() {
    if (retryTokens > 0) {
      // The retry reached a connected backend: it no longer counts against the budget, which
      // bounds the retries being attempted at once, not the requests that once needed one.
      retryTokens = 0;
      upstream.retryBudget().retryFinished();
    }
    requestHeadSent = true;
    lastSent = false;
    unpause(PAUSE_NO_BACKEND);
    Channel bc = conn.channel();
    bc.write(request, bc.voidPromise());
    backendFlush = true;
    if (replay != null) {
      // A retry: what the failed attempt sent goes first, kept for a further retry.
      for (HttpContent sent : replay) {
        if (sent instanceof LastHttpContent) {
          lastSent = true;
        }
        bc.write(sent.retainedDuplicate(), bc.voidPromise());
      }
    }
    if (pendingBody != null) {
      HttpContent content;
      while ((content = pendingBody.poll()) != null) {
        writeToBackend(content);
      }
    }
    if (requestComplete && !lastSent) {
      // A retry of a request without body: its end was sent on the connection that failed.
      writeToBackend(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    if (requestComplete) {
      startResponseTimer();
    }
  }

  /**
   * Gives up on the current backend attempt and tries another backend when the retry limits allow,
   * else answers {@code status}.
   */
  private void failAttempt(
      boolean countFailure, boolean markTried, HttpResponseStatus status, String termination) {
    Backend b = leaveBackend();
    PoolConfig pc = upstream.config();
    if (countFailure) {
      recordFailure(b);
    }
    upstream.pool().release(b);
    if (markTried) {
      pick.markTried(b);
    }
    failedStatus = status;
    failedTermination = termination;
    // A request holds at most one share of the retry budget while it looks for a backend to retry
    // on, and gives it back once connected (sendRequestHead).
    if (attempts < pc.retries() && (retryTokens > 0 || upstream.retryBudget().tryStartRetry())) {
      attempts++;
      retryTokens = 1;
      metrics.retries.increment();
      chooseBackend();
      return;
    }
    respondError(status, !requestComplete && !bodyless, termination);
  }

  /** Picks again for the request, onto a new connection (see the caller). */
  private void retryOnFreshConnection() {
    upstream.pool().release(leaveBackend());
    metrics.retries.increment();
    chooseBackend();
  }

  /**
   * Ends the current attempt's hold on its backend (the caller gives the slot back): nothing of the
   * request counts as sent and no response is awaited from it any more.
   *
   * @return the backend left
   */
  private Backend leaveBackend() {
    Backend b = backend;
    backend = null;
    requestHeadSent = false;
    responseDeadline = 0;
    unpause(PAUSE_BACKEND_WRITE);
    return b;
  }

  private void recordFailure(Backend b) {
    PoolConfig pc = upstream.config();
    b.recordFailure(System.nanoTime(), pc.ejectAfter(), pc.ejectFor().toNanos());
    metrics.backendFailures.increment();
  }

  // ---------------------------------------------------------------- backend side

  @Override
  public void backendRead(BackendConnection c, Object msg) {
    if (c != conn || closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    backendSpoke = true;
    if (relaying) {
      relayToClient(msg);
      return;
    }
    if (msg instanceof HttpResponse response) {
      onResponseHead(response);
      if (relaying || conn == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    if (msg instanceof HttpContent content) {
      onResponseContent(content);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(HttpResponse response) {
    if (response.decoderResult().isFailure()) {
      backendGarbage();
      return;
    }
    int code = response.status().code();
    if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      if (upgrading && queued.isEmpty()) {
        startRelay(response);
      } else {
        backendGarbage();
      }
      return;
    }
    if (code < 200) {
      informational = true;
      HeaderRewriter.forwardResponse(response, false);
      client.write(response, client.voidPromise());
      clientFlush = true;
      return;
    }
    informational = false;
    responseStarted = true;
    responseDeadline = 0;
    status = code;
    dropReplay();
    answeredBy = backend.id();
    long now = System.nanoTime();
    if (code >= 500) {
      recordFailure(backend);
    } else {
      backend.recordSuccess(now - startNanos);
    }
    HttpHeaders h = response.headers();
    backendReusable = HttpUtil.isKeepAlive(response);
    boolean chunked = HttpUtil.isTransferEncodingChunked(response);
    boolean delimited =
        head || code == 204 || code == 304 || chunked || HttpUtil.isContentLengthSet(response);
    if (!delimited) {
      // The body ends when the backend closes: neither connection can carry another exchange.
      backendReusable = false;
      clientKeepAlive = false;
    }
    HeaderRewriter.forwardResponse(response, false);
    if (setSticky) {
      h.add(
          HttpHeaderNames.SET_COOKIE,
          upstream.config().stickyCookie()
              + '='
              + Pool.stickyValue(backend)
              + "; Path=/; HttpOnly");
    }
    if (chunked && clientVersion.minorVersion() == 0 && !head) {
      // HTTP/1.0 has no chunked coding: the body goes raw and the close delimits it.
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      clientKeepAlive = false;
    }
    if (ctx.runtime().state() != DaemonRuntime.State.RUNNING) {
      clientKeepAlive = false;
    }
    if (!clientKeepAlive) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (clientVersion.minorVersion() == 0) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    encoder.answeringHead(head);
    client.write(response, client.voidPromise());
    clientFlush = true;
  }

  private void onResponseContent(HttpContent content) {
    if (content.decoderResult().isFailure()) {
      content.release();
      if (responseStarted) {
        backendClosedMidResponse();
      } else {
        backendGarbage();
      }
      return;
    }
    if (informational) {
      if (content instanceof LastHttpContent) {
        informational = false;
      }
      client.write(content, client.voidPromise());
      clientFlush = true;
      return;
    }
    if (!responseStarted) {
      content.release();
      return;
    }
    bodyOut += content.content().readableBytes();
    client.write(content, client.voidPromise());
    clientFlush = true;
    if (!client.isWritable()) {
      conn.channel().config().setAutoRead(false);
    }
    if (content instanceof LastHttpContent) {
      responseComplete = true;
      finishExchange("ok");
    }
  }

  @Override
  public void backendReadComplete(BackendConnection c) {
    flush();
  }

  @Override
  public void backendWritabilityChanged(BackendConnection c) {
    if (c == conn && c.channel().isWritable()) {
      unpause(PAUSE_BACKEND_WRITE);
    }
  }

  @Override
  public void backendInactive(BackendConnection c) {
    if (c != conn || closed) {
      return;
    }
    if (relaying) {
      conn = null;
      closeAfterFlush();
      return;
    }
    if (connecting) {
      return; // the connect listener reports it
    }
    conn = null;
    if (!responseStarted) {
      boolean replayable = !backendSpoke && (!bodyForwarded || replayOn);
      if (replayable && c.reused() && !staleRetried) {
        // Most often a keep-alive connection the backend timed out as it was reused: the backend
        // itself is likely fine, so it is not excluded, and the request is picked again onto a new
        // connection. Once per request and outside the retry budget: it is no failure of the
        // backend, and one that died answers the new connection with a refusal, which is counted
        // and retried elsewhere within the budget.
        staleRetried = true;
        freshConnection = true;
        retryOnFreshConnection();
      } else if (replayable && retrySafe(request)) {
        failAttempt(true, true, HttpResponseStatus.BAD_GATEWAY, "backend-closed");
      } else {
        recordFailure(backend);
        respondError(HttpResponseStatus.BAD_GATEWAY, !requestComplete, "backend-closed");
      }
      flush();
      return;
    }
    backendClosedMidResponse();
  }

  private void backendGarbage() {
    BackendConnection c = conn;
    conn = null;
    c.detach();
    c.channel().close();
    recordFailure(backend);
    if (responseStarted) {
      endExchange("backend-invalid");
      client.close();
    } else {
      respondError(HttpResponseStatus.BAD_GATEWAY, !requestComplete, "backend-invalid");
    }
  }

  private void backendClosedMidResponse() {
    BackendConnection c = conn;
    conn = null;
    if (c != null) {
      c.detach();
      c.channel().close();
    }
    recordFailure(backend);
    endExchange("backend-closed");
    // The client has part of a response: only closing tells it the rest is not coming.
    closeAfterFlush();
  }

  // ---------------------------------------------------------------- upgrade relay

  private void startRelay(HttpResponse response) {
    relaying = true;
    responseStarted = true;
    status = response.status().code();
    answeredBy = backend.id();
    requestDeadline = 0;
    responseDeadline = 0;
    lastRelayNanos = System.nanoTime();
    backend.recordSuccess(lastRelayNanos - startNanos);
    HeaderRewriter.forwardResponse(response, true);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    encoder.answeringHead(false);
    client.write(response, client.voidPromise());
    clientFlush = true;
    // From here on both connections carry the upgraded protocol's bytes: the codecs step aside.
    // Removing the decoders hands their buffered bytes on as ByteBufs, which the relay forwards.
    conn.channel().pipeline().remove("codec");
    ChannelPipeline p = client.pipeline();
    p.remove(HttpFrontendInitializer.ENCODER);
    p.remove(HttpFrontendInitializer.WATCHER);
    p.remove(HttpFrontendInitializer.DECODER);
    arm(lastRelayNanos + timeouts().idle().toNanos());
  }

  private void relayToBackend(Object msg) {
    if (!(msg instanceof ByteBuf) || conn == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    lastRelayNanos = System.nanoTime();
    bodyIn += ((ByteBuf) msg).readableBytes();
    Channel bc = conn.channel();
    bc.write(msg, bc.voidPromise());
    backendFlush = true;
    if (!bc.isWritable()) {
      pause(PAUSE_BACKEND_WRITE);
    }
  }

  private void relayToClient(Object msg) {
    if (!(msg instanceof ByteBuf)) {
      // The end marker the client codec emitted after the 101, before it stepped aside.
      ReferenceCountUtil.release(msg);
      return;
    }
    lastRelayNanos = System.nanoTime();
    bodyOut += ((ByteBuf) msg).readableBytes();
    client.write(msg, client.voidPromise());
    clientFlush = true;
    if (!client.isWritable()) {
      conn.channel().config().setAutoRead(false);
    }
  }

  // ---------------------------------------------------------------- ending an exchange

  /**
   * Answers the request in progress with an error, unless its response has started, in which case
   * the connection closes. {@code close} closes the client connection after the answer.
   */
  private void respondError(HttpResponseStatus error, boolean close, String termination) {
    if (responseStarted) {
      endExchange(termination);
      client.close();
      return;
    }
    BackendConnection c = conn;
    if (c != null) {
      conn = null;
      c.detach();
      c.channel().close();
    }
    status = error.code();
    responseStarted = true;
    responseComplete = true;
    if (close) {
      clientKeepAlive = false;
    }
    encoder.answeringHead(head);
    client.write(ErrorResponses.of(error, !clientKeepAlive), client.voidPromise());
    clientFlush = true;
    finishExchange(termination);
  }

  /** Ends the exchange after its response went out, then takes the next request or closes. */
  private void finishExchange(String termination) {
    boolean keep = clientKeepAlive && (requestComplete || bodyless) && !closed;
    endExchange(termination);
    if (!keep) {
      closeAfterFlush();
      return;
    }
    idleSinceNanos = System.nanoTime();
    drainQueue();
    // A queued request started here is written outside any read batch of its backend connection.
    flush();
    if (request == null && queued.isEmpty() && overflow) {
      closeAfterFlush();
    }
  }

  /** The bookkeeping of an exchange's end: backend connection, slots, budget, log, metrics. */
  private void endExchange(String termination) {
    long now = System.nanoTime();
    // The backend connection's read-complete will not reach this handler once it is detached, so
    // what this exchange wrote goes out now.
    flush();
    BackendConnection c = conn;
    conn = null;
    if (c != null) {
      if (responseComplete && backendReusable && requestComplete && lastSent && !relaying) {
        c.exchangeDone();
        c.channel().config().setAutoRead(true);
        pool.offer(c);
      } else {
        c.detach();
        c.channel().close();
      }
    }
    backendFlush = false;
    if (backend != null) {
      upstream.pool().release(backend);
      backend = null;
    }
    if (waiter != null) {
      waiter.cancel();
      waiter = null;
    }
    if (budgetHeld) {
      upstream.retryBudget().requestFinished();
    }
    for (int i = 0; i < retryTokens; i++) {
      upstream.retryBudget().retryFinished();
    }
    if (pendingBody != null) {
      HttpContent content;
      while ((content = pendingBody.poll()) != null) {
        content.release();
      }
    }
    dropReplay();
    if (status != 0) {
      // A request the client gave up on before any answer is logged but not counted as answered.
      metrics.answered(status);
      metrics.latency.record(now - startNanos);
    }
    if (ctx.accessLog() != AccessLog.NONE) {
      ctx.accessLog()
          .log(
              new AccessLogEntry(
                  startMillis,
                  frontend.name(),
                  clientText,
                  answeredBy == null ? "-" : answeredBy,
                  requestLine,
                  status,
                  bodyIn,
                  bodyOut,
                  connectMicros,
                  (now - startNanos) / 1000,
                  attempts + (staleRetried ? 1 : 0),
                  termination));
    }
    if (unfinished > 0) {
      unfinished--;
      ctx.runtime().inFlight().end();
    }
    resetExchange();
    unpause(PAUSE_BACKEND_WRITE | PAUSE_NO_BACKEND);
  }

  private void resetExchange() {
    request = null;
    upstream = null;
    bodyless = false;
    requestComplete = false;
    requestHeadSent = false;
    lastSent = false;
    bodyForwarded = false;
    connecting = false;
    backendSpoke = false;
    informational = false;
    responseStarted = false;
    responseComplete = false;
    backendReusable = false;
    upgrading = false;
    head = false;
    setSticky = false;
    budgetHeld = false;
    freshConnection = false;
    staleRetried = false;
    answeredBy = null;
    clientText = null;
    requestLine = null;
    failedStatus = null;
    failedTermination = null;
    attempts = 0;
    retryTokens = 0;
    status = 0;
    bodyIn = 0;
    bodyOut = 0;
    connectMicros = -1;
    requestDeadline = 0;
    responseDeadline = 0;
    waitDeadline = 0;
  }

  private void closeAfterFlush() {
    if (closing || closed) {
      return;
    }
    closing = true;
    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    clientFlush = false;
  }

  // ---------------------------------------------------------------- flow control and timers

  private void flush() {
    if (clientFlush) {
      clientFlush = false;
      client.flush();
    }
    if (backendFlush) {
      backendFlush = false;
      if (conn != null) {
        conn.channel().flush();
      }
    }
  }

  private void pause(int reason) {
    if (pause == 0) {
      client.config().setAutoRead(false);
    }
    pause |= reason;
  }

  private void unpause(int reasons) {
    if ((pause & reasons) == 0) {
      return;
    }
    pause &= ~reasons;
    if (pause == 0 && !closing && !closed) {
      client.config().setAutoRead(true);
    }
  }

  private Timeouts timeouts() {
    return frontend != null ? frontend.timeouts() : ctx.routing().get().frontend().timeouts();
  }

  /** Makes sure the timer fires no later than {@code deadline}. */
  private void arm(long deadline) {
    if (deadline == 0 || closed) {
      return;
    }
    if (timer != null) {
      if (timerAtNanos - deadline <= 0) {
        return;
      }
      timer.cancel(false);
    }
    timerAtNanos = deadline;
    timer =
        client
            .eventLoop()
            .schedule(timerTask, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void onTimer() {
    timer = null;
    if (closed || closing) {
      return;
    }
    long now = System.nanoTime();
    Timeouts t = timeouts();
    if (relaying) {
      long idleAt = lastRelayNanos + t.idle().toNanos();
      if (now - idleAt >= 0) {
        endExchange("timeout");
        client.close();
      } else {
        arm(idleAt);
      }
      return;
    }
    if (request == null) {
      if (headerStartNanos != 0) {
        long at = headerStartNanos + t.clientHeader().toNanos();
        if (now - at >= 0) {
          requestTimeout();
        } else {
          arm(at);
        }
      } else if (queued.isEmpty()) {
        long at = idleSinceNanos + t.idle().toNanos();
        if (now - at >= 0) {
          client.close();
        } else {
          arm(at);
        }
      }
      return;
    }
    if (waitDeadline != 0 && now - waitDeadline >= 0 && waiter != null && waiter.cancel()) {
      waiter = null;
      waitDeadline = 0;
      metrics.noBackend.increment();
      respondError(HttpResponseStatus.SERVICE_UNAVAILABLE, !bodyless, "queue-timeout");
    } else if (responseDeadline != 0 && !responseStarted && now - responseDeadline >= 0) {
      recordFailure(backend);
      respondError(HttpResponseStatus.GATEWAY_TIMEOUT, !requestComplete, "timeout");
    } else if (requestDeadline != 0 && now - requestDeadline >= 0) {
      respondError(HttpResponseStatus.GATEWAY_TIMEOUT, true, "timeout");
    } else {
      long next = requestDeadline;
      if (responseDeadline != 0 && !responseStarted) {
        next = earlier(next, responseDeadline);
      }
      if (waitDeadline != 0) {
        next = earlier(next, waitDeadline);
      }
      arm(next);
    }
    flush();
  }

  private static long earlier(long a, long b) {
    if (a == 0) {
      return b;
    }
    return a - b <= 0 ? a : b;
  }

  /** A request head that did not complete within the header timeout: 408, then close. */
  private void requestTimeout() {
    metrics.answered(HttpResponseStatus.REQUEST_TIMEOUT.code());
    if (ctx.accessLog() != AccessLog.NONE) {
      ctx.accessLog()
          .log(
              new AccessLogEntry(
                  System.currentTimeMillis(),
                  ctx.routing().get().frontend().name(),
                  peerText,
                  "-",
                  "-",
                  HttpResponseStatus.REQUEST_TIMEOUT.code(),
                  0,
                  0,
                  -1,
                  (System.nanoTime() - headerStartNanos) / 1000,
                  0,
                  "timeout"));
    }
    encoder.answeringHead(false);
    client.write(ErrorResponses.of(HttpResponseStatus.REQUEST_TIMEOUT, true), client.voidPromise());
    closeAfterFlush();
  }

  // ---------------------------------------------------------------- request checks and rewriting
  // The rules themselves live in RequestValidator, HeaderRewriter and ErrorResponses.

  /** The client address as believed: the peer, or a forwarded entry when the peer is trusted. */
  private String clientAddress(HttpRequest req) {
    String client = HeaderRewriter.clientAddress(req, peer, peerTrusted, frontend.trustedHops());
    return client.equals(peerIp) ? peerText : client;
  }

  private static boolean isUpgrade(HttpHeaders h) {
    return h.contains(HttpHeaderNames.UPGRADE)
        && h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  // ---------------------------------------------------------------- small helpers

  /**
   * Whether the request may be sent again after a backend may have seen it: its method is
   * idempotent (RFC 9110 section 9.2.2), or the client sent an {@code Idempotency-Key}
   * (draft-ietf-httpapi-idempotency-key-header), saying that the resource treats repeats of the
   * request as one. A POST without one is never replayed.
   */
  private static boolean retrySafe(HttpRequest req) {
    return idempotent(req.method()) || req.headers().contains(IDEMPOTENCY_KEY);
  }

  private static final AsciiString IDEMPOTENCY_KEY = AsciiString.cached("idempotency-key");

  private static boolean idempotent(HttpMethod m) {
    return m.equals(HttpMethod.GET)
        || m.equals(HttpMethod.HEAD)
        || m.equals(HttpMethod.OPTIONS)
        || m.equals(HttpMethod.PUT)
        || m.equals(HttpMethod.DELETE)
        || m.equals(HttpMethod.TRACE);
  }

  /** The hash a consistent-hash pool places this request by. */
  private long hashOf(HttpHeaders h, HashKey key) {
    String value =
        switch (key.kind()) {
          case SOURCE -> null;
          case HEADER -> h.get(key.name());
          case COOKIE -> cookieValue(h, key.name());
        };
    return Hashing.hash64(value == null ? peerIp : value);
  }

  /** The value of cookie {@code name} in the request's Cookie headers, or null. */
  static String cookieValue(HttpHeaders h, String name) {
    for (String header : h.getAll(HttpHeaderNames.COOKIE)) {
      int i = 0;
      int n = header.length();
      while (i < n) {
        int semi = header.indexOf(';', i);
        int end = semi < 0 ? n : semi;
        while (i < end && header.charAt(i) == ' ') {
          i++;
        }
        int eq = header.indexOf('=', i);
        if (eq > 0
            && eq < end
            && header.regionMatches(i, name, 0, name.length())
            && eq - i == name.length()) {
          String value = header.substring(eq + 1, end).trim();
          if (value.length() >= 2 && value.charAt(0) == '"' && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          return value;
        }
        i = end + 1;
      }
    }
    return null;
  }
}
