package dev.tierkit.cdn.http;

import dev.tierkit.cdn.origin.Origin;
import dev.tierkit.cdn.origin.OriginConnection;
import dev.tierkit.cdn.origin.OriginPool;
import dev.tierkit.cdn.policy.Freshness;
import dev.tierkit.cdn.policy.RequestTarget;
import dev.tierkit.cdn.policy.Vary;
import dev.tierkit.cdn.store.CachedObject;
import dev.tierkit.cdn.store.StoredBody;
import dev.tierkit.common.http.HeaderRewriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One origin request for a cacheable GET, shared by every client that wants the same object while
 * it is in flight (request coalescing), which also fills the store.
 *
 * <p>Design. The fetch runs on the event loop of the client that started it, with an origin
 * connection from that loop's pool. The body is kept as the origin reads arrived (pooled buffers,
 * retained, not copied), and copied once into the store's segments when it is complete. Clients on
 * any loop subscribe; each keeps its own cursor into the segment list and is told to look again, on
 * its own loop, when something changes ({@link Subscriber#fetchProgress}), at most one pending
 * notice per subscriber. So waiters are served as bytes arrive, at their own pace, and the origin
 * is read once.
 *
 * <p>Two modes, chosen when the response head arrives and changed at most once:
 *
 * <ul>
 *   <li><b>storing</b>: the response may be stored and fits {@code --max-object-size} as far as is
 *       known. Every segment is kept (the object needs them), so late subscribers can still join
 *       and the origin is read at its own speed; memory is bounded by the object size limit.
 *   <li><b>streaming</b>: not storable, or it turned out larger than the limit. Segments every
 *       subscriber has passed are dropped, and origin reads pause while the slowest subscriber is
 *       more than {@value #WINDOW} bytes behind, so a 100 MB pass-through holds a window, not the
 *       object. No one joins a streaming fetch.
 * </ul>
 *
 * <p>Invariants: segments below {@code trimmed} are null and every subscriber's cursor is at or
 * past them; {@code bytes} is the total received. Shared fields are guarded by {@code this}; only
 * the fetch's loop touches the origin connection.
 *
 * <p>Failures before the response head (connect refused, timeout, connection closed) try the next
 * origin when there is one (a refused connect or a reused connection closed before any reply, both
 * safe to repeat for a GET); a timeout does not. Subscribers then decide what to serve: a stale
 * copy when stale-if-error allows, else 502 or 504.
 */
final class Fetch implements OriginConnection.Owner {
  /** How far behind the slowest subscriber may fall before a streaming fetch stops reading. */
  static final int WINDOW = 256 * 1024;

  static final AsciiString SURROGATE_KEY_NAME = AsciiString.cached("surrogate-key");

  /** Why the fetch ended without a usable response. */
  enum Failure {
    /** No origin could be reached: 502. */
    CONNECT,
    /** The origin did not answer in time: 504. */
    TIMEOUT,
    /** The response broke off or was malformed: 502 (or a closed client connection mid-body). */
    BROKEN
  }

  /** A client served by this fetch. */
  interface Subscriber {
    EventLoop loop();

    /** Called on {@link #loop()} when the fetch has news: head, bytes, end or failure. */
    void fetchProgress(Fetch fetch);
  }

  private static final class Sub {
    final Subscriber subscriber;
    final AtomicBoolean scheduled = new AtomicBoolean();
    long consumed;

    Sub(Subscriber subscriber) {
      this.subscriber = subscriber;
    }
  }

  final EdgeContext edge;
  final EventLoop loop;
  final OriginPool pool;
  final String flightKey;
  final RequestTarget target;
  final HttpHeaders leaderHeaders;
  private Subscriber leader;
  final CachedObject stale;
  final boolean background;
  private final FullHttpRequest originRequest;
  private final long generation;
  private long requestTime;
  private long responseTime;
  private int attempt;
  private final int start;
  private OriginConnection connection;
  private ScheduledFuture<?> timeout;
  private long lastReadNanos;
  private boolean paused;

  /** Inside an interim (1xx) response: its empty end is not the end of the real one. */
  private boolean interim;

  // Guarded by this.
  private final List<Sub> subs = new ArrayList<>(2);
  private HttpResponse head;
  private boolean storing;
  private boolean registered;
  private final ArrayList<ByteBuf> segments = new ArrayList<>();
  private boolean released;
  private int trimmed;
  private long trimmedBytes;
  private long bytes;
  private boolean done;
  private Failure failure;
  private CachedObject result;
  private Freshness.Decision decision;

  Fetch(
      EdgeContext edge,
      EventLoop loop,
      OriginPool pool,
      String flightKey,
      RequestTarget target,
      FullHttpRequest originRequest,
      HttpHeaders leaderHeaders,
      CachedObject stale,
      boolean background) {
    this.edge = edge;
    this.loop = loop;
    this.pool = pool;
    this.flightKey = flightKey;
    this.target = target;
    this.originRequest = originRequest;
    this.leaderHeaders = leaderHeaders;
    this.stale = stale;
    this.background = background;
    this.generation = edge.generations.current();
    this.start = edge.origins.start();
    this.registered = flightKey != null;
  }

  /**
   * The origin request for a client's GET or HEAD: always a GET (so a HEAD miss fills the store),
   * with the client's headers after the proxy rewrites, without its conditionals and range (the
   * edge wants the whole object; it answers those itself), and with the stale copy's validators
   * when revalidating.
   */
  static FullHttpRequest originRequest(
      EdgeContext edge, HttpRequest client, String peerAddress, CachedObject stale) {
    DefaultHttpHeaders headers = new DefaultHttpHeaders();
    headers.set(client.headers());
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.GET,
            client.uri(),
            io.netty.buffer.Unpooled.EMPTY_BUFFER,
            headers,
            new DefaultHttpHeaders());
    HeaderRewriter.forwardRequest(request, peerAddress, false, 0, false, false);
    headers.remove(HttpHeaderNames.RANGE);
    headers.remove(HttpHeaderNames.IF_RANGE);
    headers.remove(HttpHeaderNames.IF_MATCH);
    headers.remove(HttpHeaderNames.IF_NONE_MATCH);
    headers.remove(HttpHeaderNames.IF_MODIFIED_SINCE);
    headers.remove(HttpHeaderNames.IF_UNMODIFIED_SINCE);
    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    addVia(edge, headers);
    if (edge.config.originHostHeader() != null) {
      headers.set(HttpHeaderNames.HOST, edge.config.originHostHeader());
    }
    if (stale != null) {
      String etag = stale.headers().get(HttpHeaderNames.ETAG);
      String lastModified = stale.headers().get(HttpHeaderNames.LAST_MODIFIED);
      if (etag != null) {
        headers.set(HttpHeaderNames.IF_NONE_MATCH, etag);
      }
      if (lastModified != null) {
        headers.set(HttpHeaderNames.IF_MODIFIED_SINCE, lastModified);
      }
    }
    return request;
  }

  static void addVia(EdgeContext edge, HttpHeaders headers) {
    String via = headers.get(HttpHeaderNames.VIA);
    if (via == null) {
      headers.set(HttpHeaderNames.VIA, edge.via);
    } else {
      headers.set(HttpHeaderNames.VIA, via + ", " + edge.via);
    }
  }

  /** Sends the request. Call on {@link #loop}. */
  void start() {
    requestTime = edge.clock.getAsLong();
    connectNext(false);
  }

  private void connectNext(boolean retrySameOrigin) {
    Origin origin = edge.origins.pick(retrySameOrigin ? attempt - 1 : attempt, start);
    if (!retrySameOrigin) {
      attempt++;
    }
    if (origin == null) {
      fail(Failure.CONNECT);
      return;
    }
    origin.requested();
    edge.metrics.originFetches.increment();
    Future<OriginConnection> f = pool.acquire(origin);
    if (f.isDone()) {
      connected(f, origin);
    } else {
      f.addListener(x -> connected(f, origin));
    }
  }

  private void connected(Future<OriginConnection> f, Origin origin) {
    if (!f.isSuccess()) {
      origin.failed();
      edge.metrics.originFailures.increment();
      connectNext(false);
      return;
    }
    connection = f.getNow();
    interim = false;
    connection.attach(this);
    lastReadNanos = System.nanoTime();
    scheduleTimeout(edge.config.originTimeout().toNanos());
    connection.channel().writeAndFlush(originRequest.retainedDuplicate());
  }

  private void scheduleTimeout(long nanos) {
    timeout = loop.schedule(this::checkTimeout, nanos, TimeUnit.NANOSECONDS);
  }

  private void checkTimeout() {
    if (connection == null) {
      return;
    }
    long limit = edge.config.originTimeout().toNanos();
    long idle = System.nanoTime() - lastReadNanos;
    if (paused || idle < limit) {
      scheduleTimeout(paused ? limit : limit - idle);
      return;
    }
    OriginConnection c = connection;
    connection = null;
    c.origin().failed();
    edge.metrics.originFailures.increment();
    c.release(false);
    fail(headSeen() ? Failure.BROKEN : Failure.TIMEOUT);
  }

  private synchronized boolean headSeen() {
    return head != null;
  }

  @Override
  public void originRead(OriginConnection c, Object msg) {
    lastReadNanos = System.nanoTime();
    try {
      if (msg instanceof HttpResponse) {
        HttpResponse response = (HttpResponse) msg;
        if (response.decoderResult().isFailure()) {
          abortConnection();
          fail(Failure.BROKEN);
          return;
        }
        if (response.status().code() / 100 == 1) {
          // 100 Continue and other interim responses are not for us (the request had no body).
          interim = !(msg instanceof LastHttpContent);
          return;
        }
        onHead(response);
      }
      if (msg instanceof HttpContent) {
        HttpContent content = (HttpContent) msg;
        if (content.decoderResult().isFailure()) {
          abortConnection();
          fail(Failure.BROKEN);
          return;
        }
        if (connection == null) {
          return;
        }
        if (interim) {
          interim = !(msg instanceof LastHttpContent);
          return;
        }
        ByteBuf buf = content.content();
        if (buf.isReadable()) {
          onBytes(buf.retainedDuplicate());
        }
        if (msg instanceof LastHttpContent) {
          onEnd();
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void originInactive(OriginConnection c) {
    if (connection != c) {
      return;
    }
    connection = null;
    cancelTimeout();
    boolean sawHead = headSeen();
    if (!sawHead && c.reused()) {
      // A parked keep-alive connection the origin had closed: the GET can be sent again.
      connectNext(true);
      return;
    }
    c.origin().failed();
    edge.metrics.originFailures.increment();
    fail(sawHead ? Failure.BROKEN : Failure.CONNECT);
  }

  @Override
  public void originWritabilityChanged(OriginConnection c) {}

  private void onHead(HttpResponse response) {
    responseTime = edge.clock.getAsLong();
    int status = response.status().code();
    HttpHeaders headers = response.headers();
    long length = HttpUtil.getContentLength(response, -1L);
    Freshness.Decision d =
        Freshness.decide(
            "GET", leaderHeaders, status, headers, requestTime, responseTime, edge.config.ttl());
    boolean store = status != 304 && d.storable();
    if (length > edge.config.store().maxObjectBytes()) {
      store = false;
    }
    if (status == 304 && stale != null) {
      onNotModified(response);
      return;
    }
    boolean staleFallback =
        status >= 500 && stale != null && EdgeHandler.staleIfErrorAllows(stale, responseTime);
    List<Sub> notify;
    synchronized (this) {
      this.head = response;
      this.decision = d;
      this.storing = store && !staleFallback;
      if (staleFallback) {
        failure = Failure.BROKEN;
        done = true;
        releaseIfUnread();
      }
      notify = new ArrayList<>(subs);
    }
    if (!storing()) {
      unregister();
      if (!d.storable() && status < 500 && status != 304) {
        edge.hitForPass.put(target.primaryKey(), Boolean.TRUE);
      }
    }
    if (staleFallback) {
      abortConnection();
    }
    notifyAll(notify);
  }

  private void onNotModified(HttpResponse response) {
    edge.metrics.originNotModified.increment();
    HttpHeaders merged = Freshness.updateFrom304(stale.headers(), response.headers());
    Freshness.Decision d =
        Freshness.decide(
            "GET",
            leaderHeaders,
            stale.status(),
            merged,
            requestTime,
            responseTime,
            edge.config.ttl());
    merged.remove(HttpHeaderNames.AGE);
    merged.remove(HttpHeaderNames.SET_COOKIE);
    merged.remove(SURROGATE_KEY_NAME);
    CachedObject refreshed = null;
    if (d.storable()) {
      refreshed =
          new CachedObject(
              stale.primaryKey(),
              stale.host(),
              stale.path(),
              stale.varyNames(),
              stale.variantKey(),
              stale.status(),
              merged,
              stale.body(),
              requestTime,
              responseTime,
              d.lifetime(),
              stale.tags(),
              generation);
      edge.store.put(refreshed);
    } else {
      edge.store.remove(stale.primaryKey(), stale.variantKey());
    }
    List<Sub> notify;
    synchronized (this) {
      head = response;
      decision = d;
      result = refreshed != null ? refreshed : stale;
      done = true;
      releaseIfUnread();
      notify = new ArrayList<>(subs);
    }
    unregister();
    // The 304 has no body; the LastHttpContent that follows releases the connection.
    notifyAll(notify);
  }

  private void onBytes(ByteBuf segment) {
    List<Sub> notify;
    boolean pause = false;
    synchronized (this) {
      if (done) {
        segment.release();
        return;
      }
      segments.add(segment);
      bytes += segment.readableBytes();
      if (storing && bytes > edge.config.store().maxObjectBytes()) {
        storing = false;
      }
      if (!storing) {
        trim();
        pause = bytes - minConsumed() > WINDOW;
      }
      notify = new ArrayList<>(subs);
    }
    if (!storing()) {
      unregister();
      if (notify.isEmpty()) {
        // Nobody wants a body that will not be kept.
        abortConnection();
        fail(Failure.BROKEN);
        return;
      }
    }
    if (pause && connection != null && !paused) {
      paused = true;
      connection.channel().config().setAutoRead(false);
    }
    notifyAll(notify);
  }

  private void onEnd() {
    OriginConnection c = connection;
    connection = null;
    cancelTimeout();
    if (c != null) {
      c.release(HttpUtil.isKeepAlive(head()));
    }
    if (isDone()) {
      return; // a 304 already settled it, or a stale fallback
    }
    CachedObject stored = null;
    List<Sub> notify;
    synchronized (this) {
      if (storing) {
        stored = build();
      }
      result = stored;
      done = true;
      releaseIfUnread();
      notify = new ArrayList<>(subs);
    }
    if (stored != null && !edge.store.put(stored)) {
      stored = null;
    }
    if (stored != null) {
      // It was storable after all: later requests may share fetches again.
      edge.hitForPass.invalidate(target.primaryKey());
    }
    unregister();
    notifyAll(notify);
  }

  /** The stored object for a complete, storable response. Call with the lock held. */
  private CachedObject build() {
    HttpHeaders headers =
        Freshness.stripQualifiedFields(head.headers(), Freshness.chosenDirectives(head.headers()))
            .copy();
    HeaderRewriter.forwardResponse(headersOnly(headers), false);
    headers.remove(HttpHeaderNames.AGE);
    // A cookie set for one client must never be replayed to others, even when the origin
    // allowed the response to be shared.
    headers.remove(HttpHeaderNames.SET_COOKIE);
    headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
    List<String> tags = tags(headers);
    headers.remove(SURROGATE_KEY_NAME);
    headers.set(HttpHeaderNames.CONTENT_LENGTH, bytes);
    List<String> vary = Vary.names(head.headers());
    String variantKey = vary.isEmpty() ? "" : Vary.variantKey(vary, leaderHeaders);
    return new CachedObject(
        target.primaryKey(),
        target.host(),
        target.path(),
        vary,
        variantKey,
        head.status().code(),
        headers,
        StoredBody.copyOfBuffers(segments),
        requestTime,
        responseTime,
        decision.lifetime(),
        tags,
        generation);
  }

  private static HttpResponse headersOnly(HttpHeaders headers) {
    return new io.netty.handler.codec.http.DefaultHttpResponse(
        HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpResponseStatus.OK, headers);
  }

  static List<String> tags(HttpHeaders headers) {
    List<String> tags = new ArrayList<>();
    for (String line : headers.getAll(SURROGATE_KEY_NAME)) {
      for (String t : line.trim().split("[ \t]+")) {
        if (!t.isEmpty() && tags.size() < 64) {
          tags.add(t);
        }
      }
    }
    return tags;
  }

  private void fail(Failure why) {
    cancelTimeout();
    List<Sub> notify;
    synchronized (this) {
      if (done) {
        return;
      }
      failure = why;
      done = true;
      releaseIfUnread();
      notify = new ArrayList<>(subs);
    }
    unregister();
    notifyAll(notify);
  }

  private void abortConnection() {
    OriginConnection c = connection;
    connection = null;
    cancelTimeout();
    if (c != null) {
      c.release(false);
    }
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void unregister() {
    boolean was;
    synchronized (this) {
      was = registered;
      registered = false;
    }
    if (was) {
      edge.inFlight.remove(flightKey, this);
    }
  }

  private void trim() {
    long min = minConsumed();
    while (trimmed < segments.size()) {
      ByteBuf s = segments.get(trimmed);
      if (trimmedBytes + s.readableBytes() > min) {
        break;
      }
      trimmedBytes += s.readableBytes();
      segments.set(trimmed, null);
      s.release();
      trimmed++;
    }
  }

  private long minConsumed() {
    long min = bytes;
    for (Sub s : subs) {
      min = Math.min(min, s.consumed);
    }
    return min;
  }

  private void notifyAll(List<Sub> notify) {
    for (Sub s : notify) {
      if (s.scheduled.compareAndSet(false, true)) {
        s.subscriber
            .loop()
            .execute(
                () -> {
                  s.scheduled.set(false);
                  s.subscriber.fetchProgress(this);
                });
      }
    }
  }

  // ---- what subscribers call, from their own loops ----

  /**
   * Joins the fetch; false when it can no longer be joined (it is streaming, or failed), in which
   * case the caller serves itself. A subscriber that joins is told of progress at once.
   */
  boolean subscribe(Subscriber subscriber) {
    Sub sub = new Sub(subscriber);
    synchronized (this) {
      if ((head != null && !storing && result == null) || failure != null) {
        return false;
      }
      if ((result == null && done) || released) {
        return false;
      }
      if (leader == null && subs.isEmpty()) {
        leader = subscriber;
      }
      subs.add(sub);
    }
    notifyAll(List.of(sub));
    return true;
  }

  /** Leaves the fetch (the client went away or gave up waiting). */
  void unsubscribe(Subscriber subscriber) {
    boolean resume;
    boolean abandon;
    synchronized (this) {
      subs.removeIf(s -> s.subscriber == subscriber);
      resume = !storing && bytes - minConsumed() <= WINDOW / 2;
      abandon = subs.isEmpty() && !storing && !done && !background;
      releaseIfUnread();
    }
    if (abandon) {
      loop.execute(
          () -> {
            abortConnection();
            fail(Failure.BROKEN);
          });
    } else if (resume) {
      loop.execute(this::resume);
    }
  }

  /** Says how far {@code subscriber} has written, so a streaming fetch can trim and read on. */
  void consumed(Subscriber subscriber, long upTo) {
    boolean resume = false;
    synchronized (this) {
      for (Sub s : subs) {
        if (s.subscriber == subscriber) {
          s.consumed = upTo;
        }
      }
      if (!storing) {
        trim();
        resume = bytes - minConsumed() <= WINDOW / 2;
      }
    }
    if (resume) {
      if (loop.inEventLoop()) {
        resume();
      } else {
        loop.execute(this::resume);
      }
    }
  }

  private void resume() {
    if (paused && connection != null) {
      paused = false;
      connection.channel().config().setAutoRead(true);
      connection.channel().read();
    }
  }

  /** Whether {@code s} started the fetch: the one client a streaming response is for. */
  synchronized boolean isLeader(Subscriber s) {
    return leader == s;
  }

  synchronized HttpResponse head() {
    return head;
  }

  synchronized boolean storing() {
    return storing;
  }

  synchronized boolean isDone() {
    return done;
  }

  synchronized Failure failure() {
    return failure;
  }

  /** The stored or refreshed object once done, else null. */
  synchronized CachedObject result() {
    return result;
  }

  /**
   * Adds the segments from index {@code from} on to {@code out}, each a retained duplicate the
   * caller owns (and must write or release); returns the index past the last one.
   */
  synchronized int segmentsFrom(int from, List<ByteBuf> out) {
    if (released) {
      return from;
    }
    int n = segments.size();
    for (int i = Math.max(from, trimmed); i < n; i++) {
      out.add(segments.get(i).retainedDuplicate());
    }
    return n;
  }

  /**
   * Releases the received buffers once the fetch is over and nobody reads them any more. Call with
   * the lock held.
   */
  private void releaseIfUnread() {
    if (!released && done && subs.isEmpty()) {
      released = true;
      for (int i = trimmed; i < segments.size(); i++) {
        segments.get(i).release();
      }
      segments.clear();
      trimmed = 0;
    }
  }

  /** How many segments have arrived (including trimmed ones). */
  synchronized int segmentCount() {
    return released ? Integer.MAX_VALUE : segments.size();
  }
}
