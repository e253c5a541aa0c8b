package dev.tierkit.cdn.http;

import dev.tierkit.cdn.origin.OriginPool;
import dev.tierkit.cdn.policy.ByteRanges;
import dev.tierkit.cdn.policy.CacheControl;
import dev.tierkit.cdn.policy.Conditionals;
import dev.tierkit.cdn.policy.RequestTarget;
import dev.tierkit.cdn.policy.Vary;
import dev.tierkit.cdn.purge.PurgeGenerations;
import dev.tierkit.cdn.store.CachedObject;
import dev.tierkit.cdn.store.StoredBody;
import dev.tierkit.common.http.ClientResponseEncoder;
import dev.tierkit.common.http.ErrorResponses;
import dev.tierkit.common.http.HeaderRewriter;
import dev.tierkit.common.http.RequestValidator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Answers one client connection's requests, one at a time in order (pipelined requests wait in a
 * bounded queue), from the store when it can and through the origin when it must.
 *
 * <p>For a GET or HEAD: look up the URL's variants (memory, then disk off the loop), pick the one
 * whose Vary fields match, check it against the purge generations, then:
 *
 * <ul>
 *   <li>fresh: serve it ({@code X-Cache: HIT}), answering the client's conditionals with 304 and
 *       its ranges with 206 from the stored object;
 *   <li>stale within stale-while-revalidate: serve it ({@code STALE}) and refresh it in the
 *       background, once however many clients ask;
 *   <li>stale otherwise (or soft-purged, or {@code no-cache}): revalidate it with the origin; a 304
 *       refreshes it ({@code EXPIRED}); when the origin fails and stale-if-error allows, serve it
 *       stale ({@code STALE});
 *   <li>absent: fetch it ({@code MISS}); clients asking for it meanwhile share that fetch.
 * </ul>
 *
 * <p>A URL whose last response could not be stored is fetched per request ({@code PASS}), as is
 * anything with Authorization unless the stored response allows shared use (RFC 9111 §3.5). Other
 * methods are relayed ({@link PassExchange}); a successful unsafe one invalidates the URL and the
 * same-host Location and Content-Location (RFC 9111 §4.4). {@code PURGE} removes a URL with all its
 * variants when the client is in {@code --purge-allow} or shows the admin token.
 *
 * <p>Bodies are written while the connection is writable and resumed when it is again, so a large
 * object never sits whole in the outbound buffer.
 *
 * <p>Limits: at most {@value #MAX_PIPELINED} pipelined messages wait; more closes the connection.
 */
final class EdgeHandler extends ChannelInboundHandlerAdapter
    implements Fetch.Subscriber, PassExchange.Client {
  static final int MAX_PIPELINED = 256;
  private static final int WRITE_CHUNK = StoredBody.MAX_SEGMENT;
  private static final HttpMethod PURGE = HttpMethod.valueOf("PURGE");

  private final EdgeContext edge;
  private final OriginPool pool;
  private final ClientResponseEncoder encoder;
  private final InetSocketAddress peer;
  private final String peerAddress;
  private ChannelHandlerContext ctx;
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private Request current;
  private boolean readPaused;
  private boolean flushPending;
  private boolean inRead;
  private boolean closed;

  /**
   * Closes the connection if no whole request head arrives within {@code --idle-timeout} of the
   * connection opening or the last response ending. The idle timer alone does not: a client that
   * trickles a head a byte at a time is never idle. One timer per connection, which looks at {@link
   * #headWaitSince} when it fires and sets itself again, so a request costs a field write rather
   * than a timer to schedule and cancel.
   */
  private ScheduledFuture<?> headDeadline;

  private long headWaitSince;

  /** The request being answered and how far its response has got. */
  private final class Request {
    final HttpRequest head;
    final boolean isHead;
    final long startNanos;
    boolean keepAlive;
    boolean bodyDone;
    RequestTarget target;
    CachedObject stale;
    Fetch fetch;
    int cursor;
    long written;
    boolean headWritten;
    String xCache;
    ScheduledFuture<?> waitTimer;
    PassExchange pass;
    BodyWriter writer;

    Request(HttpRequest head) {
      this.head = head;
      this.isHead = HttpMethod.HEAD.equals(head.method());
      this.startNanos = System.nanoTime();
      this.keepAlive = HttpUtil.isKeepAlive(head);
    }
  }

  /** A body being written from a stored object, in pieces while the connection is writable. */
  private final class BodyWriter {
    final List<Object> parts;
    int part;
    long offset;
    final StoredBody body;

    BodyWriter(StoredBody body, List<Object> parts) {
      this.body = body;
      this.parts = parts;
    }

    /** Writes what the connection takes; true when the body is complete. */
    boolean writeMore() {
      while (part < parts.size()) {
        if (!ctx.channel().isWritable()) {
          return false;
        }
        Object p = parts.get(part);
        if (p instanceof ByteBuf) {
          ctx.write(new DefaultHttpContent((ByteBuf) p));
          part++;
          continue;
        }
        long[] range = (long[]) p;
        long from = range[0] + offset;
        long to = Math.min(range[1], from + WRITE_CHUNK);
        ctx.write(new DefaultHttpContent(body.slice(from, to)));
        edge.metrics.clientBytes.add(to - from);
        offset += to - from;
        if (range[0] + offset >= range[1]) {
          part++;
          offset = 0;
        }
      }
      return true;
    }
  }

  EdgeHandler(
      EdgeContext edge, OriginPool pool, ClientResponseEncoder encoder, InetSocketAddress peer) {
    this.edge = edge;
    this.pool = pool;
    this.encoder = encoder;
    this.peer = peer;
    this.peerAddress = HeaderRewriter.addressOf(peer);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public EventLoop loop() {
    return ctx.channel().eventLoop();
  }

  // ---- input ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    inRead = true;
    if (closed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (current != null && !current.bodyDone && msg instanceof HttpContent) {
      requestContent((HttpContent) msg);
      return;
    }
    if (current != null || !pending.isEmpty()) {
      pending.add(msg);
      if (pending.size() > MAX_PIPELINED) {
        closeNow();
      } else {
        pauseReading();
      }
      return;
    }
    dispatch(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inRead = false;
    if (flushPending) {
      flushPending = false;
      ctx.flush();
    }
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest) {
      startRequest((HttpRequest) msg);
    } else {
      // Content with no request: the rest of a request already answered and closed, or noise.
      ReferenceCountUtil.release(msg);
    }
  }

  private void requestContent(HttpContent content) {
    Request r = current;
    HttpResponseStatus bad = RequestValidator.checkContent(content);
    if (content instanceof LastHttpContent) {
      r.bodyDone = true;
    }
    if (bad != null) {
      ReferenceCountUtil.release(content);
      if (r.pass != null) {
        r.pass.abort();
      }
      if (!r.headWritten) {
        r.headWritten = true;
        ctx.writeAndFlush(ErrorResponses.of(bad, true)).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
      closed = true;
      return;
    }
    if (r.pass != null) {
      r.pass.requestContent(content);
    } else {
      ReferenceCountUtil.release(content);
    }
    if (r.bodyDone && current == r && !closed) {
      pauseReading();
    }
  }

  private void startRequest(HttpRequest request) {
    Request r = new Request(request);
    current = r;
    if (request instanceof LastHttpContent) {
      r.bodyDone = true;
    }
    HttpResponseStatus bad = RequestValidator.check(request, edge.config.limits());
    if (bad == null && !chunkedAlone(request)) {
      bad = HttpResponseStatus.NOT_IMPLEMENTED;
    }
    if (bad != null) {
      edge.metrics.rejected.increment();
      ReferenceCountUtil.release(request);
      r.keepAlive = false;
      r.headWritten = true;
      closed = true;
      ctx.writeAndFlush(ErrorResponses.of(bad, true)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    HttpMethod method = request.method();
    String host = request.headers().get(HttpHeaderNames.HOST);
    if (host == null || host.isEmpty()) {
      host =
          edge.config.originHostHeader() != null
              ? edge.config.originHostHeader()
              : edge.origins.origins().get(0).address().authority();
    }
    r.target = edge.keys.target("http", host, request.uri());
    if (PURGE.equals(method)) {
      purge(r);
    } else if ((HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
        && !hasBody(request)) {
      lookup(r);
    } else {
      pass(r);
    }
    if (current == r && !r.headWritten && r.bodyDone) {
      // Nothing more of this request to read: hold the next ones until it is answered. A request
      // with a body is read on (the origin connection's writability paces it) and paused once
      // its body has ended.
      pauseReading();
    }
  }

  /**
   * Whether the request has no Transfer-Encoding or just {@code chunked}. The decoder refuses a
   * final coding other than chunked (400); a coding before it ({@code gzip, chunked}, {@code
   * identity, chunked}) leaves the length known but names one the edge does not apply, so it would
   * go to the origin under a field an origin may read differently (a desync): 501, RFC 9112 §6.1.
   */
  private static boolean chunkedAlone(HttpRequest request) {
    List<String> codings = request.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
    return codings.isEmpty()
        || (codings.size() == 1 && "chunked".equalsIgnoreCase(codings.get(0).trim()));
  }

  private static boolean hasBody(HttpRequest request) {
    return HttpUtil.isTransferEncodingChunked(request)
        || HttpUtil.getContentLength(request, 0L) > 0;
  }

  // ---- PURGE ----

  private void purge(Request r) {
    if (!purgeAllowed(r.head)) {
      edge.metrics.rejected.increment();
      writeSmall(r, HttpResponseStatus.FORBIDDEN, "PURGE is not allowed from " + peerAddress);
      return;
    }
    edge.store.remove(r.target.primaryKey());
    edge.metrics.purge.increment();
    writeSmall(r, HttpResponseStatus.OK, "Purged " + r.target.primaryKey());
  }

  private boolean purgeAllowed(HttpRequest request) {
    if (edge.config.purgeAllow().contains(peer.getAddress())) {
      return true;
    }
    String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (edge.config.purgeToken().isEmpty() || auth == null || !auth.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(
        auth.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        edge.config.purgeToken().get().getBytes(StandardCharsets.UTF_8));
  }

  // ---- cacheable requests ----

  private void lookup(Request r) {
    String key = r.target.primaryKey();
    if (edge.hitForPass.getIfPresent(key) != null) {
      fetch(r, null, null, "PASS");
      return;
    }
    List<CachedObject> variants = edge.store.memoryVariants(key);
    if (!variants.isEmpty() || edge.config.store().diskDir() == null) {
      lookedUp(r, variants);
      return;
    }
    edge.store
        .variants(key)
        .whenComplete(
            (found, error) ->
                loop()
                    .execute(
                        () -> {
                          if (current == r && !closed) {
                            lookedUp(r, error != null ? List.of() : found);
                            flushNow();
                          }
                        }));
  }

  private void lookedUp(Request r, List<CachedObject> variants) {
    long now = edge.clock.getAsLong();
    CachedObject o = select(r, variants);
    boolean softPurged = false;
    if (o != null) {
      PurgeGenerations.Validity v =
          edge.generations.validity(o.host(), o.path(), o.tags(), o.storedGeneration());
      if (v == PurgeGenerations.Validity.INVALID) {
        edge.store.remove(o.primaryKey(), o.variantKey());
        o = null;
      } else if (v == PurgeGenerations.Validity.STALE) {
        softPurged = true;
      }
    }
    if (o != null && r.head.headers().contains(HttpHeaderNames.AUTHORIZATION) && !sharedAuth(o)) {
      fetch(r, null, null, "PASS");
      return;
    }
    if (o == null) {
      fetch(r, r.target.primaryKey(), null, "MISS");
      return;
    }
    if (!softPurged && o.isFresh(now)) {
      edge.metrics.hit.increment();
      serveObject(r, o, now, "HIT", Responses.hit(o, now));
      return;
    }
    long age = o.ageMillis(now);
    if (!softPurged
        && !o.lifetime().mustRevalidate()
        && !o.lifetime().noCache()
        && age < o.lifetime().freshMillis() + o.lifetime().staleWhileRevalidateMillis()) {
      edge.metrics.stale.increment();
      serveObject(r, o, now, "STALE", Responses.hit(o, now) + "; detail=stale-while-revalidate");
      refreshInBackground(r, o);
      return;
    }
    fetch(r, revalidationKey(o), o, "EXPIRED");
  }

  private static String revalidationKey(CachedObject o) {
    return o.primaryKey() + '\n' + o.variantKey();
  }

  /** Whether a response stored for a request with Authorization may serve others (§3.5). */
  private static boolean sharedAuth(CachedObject o) {
    CacheControl cc = CacheControl.parse(o.headers(), HttpHeaderNames.CACHE_CONTROL);
    return cc.publicDirective() || cc.sMaxAge() >= 0 || cc.mustRevalidate();
  }

  private CachedObject select(Request r, List<CachedObject> variants) {
    List<String> names = null;
    String key = null;
    for (CachedObject o : variants) {
      if (o.varyNames().isEmpty()) {
        return o;
      }
      if (!o.varyNames().equals(names)) {
        names = o.varyNames();
        key = Vary.variantKey(names, r.head.headers());
      }
      if (o.variantKey().equals(key)) {
        return o;
      }
    }
    return null;
  }

  /** Whether {@code o} may be served stale because the origin failed, at {@code nowMillis}. */
  static boolean staleIfErrorAllows(CachedObject o, long nowMillis) {
    if (o.lifetime().mustRevalidate()) {
      return false;
    }
    return o.ageMillis(nowMillis) < o.lifetime().freshMillis() + o.lifetime().staleIfErrorMillis();
  }

  private void refreshInBackground(Request r, CachedObject o) {
    String key = revalidationKey(o);
    if (edge.inFlight.containsKey(key)) {
      return;
    }
    Fetch f = newFetch(r, key, o, true);
    if (edge.inFlight.putIfAbsent(key, f) == null) {
      f.start();
    }
  }

  /**
   * Answers {@code r} through a fetch: joins the one in flight under {@code flightKey} when there
   * is one, else starts it ({@code flightKey} null: a fetch of its own, shared with nobody).
   */
  private void fetch(Request r, String flightKey, CachedObject stale, String xCache) {
    r.stale = stale;
    r.xCache = xCache;
    if (flightKey != null && r.head.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
      flightKey = null; // never share one user's response with another
    }
    if (flightKey != null) {
      Fetch existing = edge.inFlight.get(flightKey);
      if (existing != null && join(r, existing)) {
        return;
      }
    }
    Fetch f = newFetch(r, flightKey, stale, false);
    if (flightKey != null) {
      Fetch raced = edge.inFlight.putIfAbsent(flightKey, f);
      if (raced != null) {
        if (join(r, raced)) {
          return;
        }
        f = newFetch(r, null, stale, false);
      }
    }
    r.fetch = f;
    f.subscribe(this);
    f.start();
  }

  /** A fetch for {@code r} on this connection's loop, registered under {@code flightKey}. */
  private Fetch newFetch(Request r, String flightKey, CachedObject stale, boolean background) {
    return new Fetch(
        edge,
        loop(),
        pool,
        flightKey,
        r.target,
        Fetch.originRequest(edge, r.head, peerAddress, stale),
        r.head.headers().copy(),
        stale,
        background);
  }

  private boolean join(Request r, Fetch f) {
    r.fetch = f;
    if (!f.subscribe(this)) {
      r.fetch = null;
      CachedObject done = f.result();
      if (done != null && f.failure() == null) {
        // It finished a moment ago: what it stored answers this request too.
        edge.metrics.collapsed.increment();
        count(r.xCache);
        serveObject(r, done, edge.clock.getAsLong(), r.xCache, "fwd=miss; stored; collapsed");
        return true;
      }
      return false;
    }
    edge.metrics.collapsed.increment();
    if (f.head() == null) {
      r.waitTimer =
          loop()
              .schedule(
                  () -> waitedTooLong(r, f),
                  edge.config.coalesceWait().toMillis(),
                  TimeUnit.MILLISECONDS);
    }
    return true;
  }

  private void waitedTooLong(Request r, Fetch f) {
    if (current != r || r.fetch != f || r.headWritten || f.head() != null || f.isDone()) {
      return;
    }
    redispatch(r);
    flushNow();
  }

  /** Leaves the shared fetch and fetches on its own (a Vary mismatch, a pass, a long wait). */
  private void redispatch(Request r) {
    Fetch f = r.fetch;
    if (f != null) {
      f.unsubscribe(this);
    }
    cancelWait(r);
    r.cursor = 0;
    r.written = 0;
    fetch(r, null, r.stale, "PASS");
  }

  @Override
  public void fetchProgress(Fetch f) {
    Request r = current;
    if (r == null || r.fetch != f || closed) {
      return;
    }
    if (!r.headWritten) {
      startFromFetch(r, f);
    }
    if (current == r && r.headWritten && r.fetch == f) {
      continueFromFetch(r, f);
    }
    flushNow();
  }

  private void startFromFetch(Request r, Fetch f) {
    long now = edge.clock.getAsLong();
    Fetch.Failure failure = f.failure();
    HttpResponse head = f.head();
    if (failure != null && (head == null || f.result() == null)) {
      cancelWait(r);
      f.unsubscribe(this);
      r.fetch = null;
      if (r.stale != null && staleIfErrorAllows(r.stale, now)) {
        edge.metrics.stale.increment();
        serveObject(
            r, r.stale, now, "STALE", Responses.hit(r.stale, now) + "; detail=stale-if-error");
      } else {
        edge.metrics.error.increment();
        writeError(
            r,
            failure == Fetch.Failure.TIMEOUT
                ? HttpResponseStatus.GATEWAY_TIMEOUT
                : HttpResponseStatus.BAD_GATEWAY);
      }
      return;
    }
    if (head == null) {
      return; // still waiting for the origin
    }
    cancelWait(r);
    CachedObject result = f.result();
    if (head.status().code() == 304 && result != null) {
      f.unsubscribe(this);
      r.fetch = null;
      edge.metrics.expired.increment();
      serveObject(r, result, now, "EXPIRED", "fwd=stale; fwd-status=304; stored");
      return;
    }
    if (!f.isLeader(this)) {
      List<String> names = Vary.names(head.headers());
      boolean otherVariant =
          !names.isEmpty()
              && (Vary.isStar(names)
                  || !Vary.variantKey(names, r.head.headers())
                      .equals(Vary.variantKey(names, f.leaderHeaders)));
      if ((!f.storing() && result == null) || otherVariant) {
        redispatch(r);
        return;
      }
    }
    boolean wantsRange =
        !r.isHead
            && r.head.headers().contains(HttpHeaderNames.RANGE)
            && head.status().code() == 200;
    if (f.isDone() && result != null) {
      f.unsubscribe(this);
      r.fetch = null;
      count(r.xCache);
      serveObject(r, result, now, r.xCache, cacheStatus(r, f));
      return;
    }
    if (wantsRange && f.storing()) {
      return; // a range is cut from the complete object
    }
    HttpHeaders headers = head.headers().copy();
    HeaderRewriter.forwardResponse(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status(), headers), false);
    headers.remove(Fetch.SURROGATE_KEY_NAME);
    if (head.status().code() == 200) {
      Conditionals.Outcome outcome =
          Conditionals.evaluate(
              r.head.method().name(),
              r.head.headers(),
              headers.get(HttpHeaderNames.ETAG),
              headers.get(HttpHeaderNames.LAST_MODIFIED));
      if (outcome == Conditionals.Outcome.NOT_MODIFIED) {
        f.unsubscribe(this);
        r.fetch = null;
        count(r.xCache);
        HttpHeaders h = Responses.notModifiedFields(headers);
        Responses.verdict(edge, h, r.xCache, cacheStatus(r, f));
        writeHeadOnly(
            r, new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, h));
        return;
      }
    }
    count(r.xCache);
    Responses.verdict(edge, headers, f.storing() ? r.xCache : "PASS", cacheStatus(r, f));
    if (!r.isHead) {
      frameUnknownLength(r, headers);
    }
    keepAliveHeaders(r, headers);
    encoder.answeringHead(r.isHead);
    ctx.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status(), headers));
    r.headWritten = true;
    edge.metrics.latency.recordNanosSince(r.startNanos);
    if (r.isHead || isBodyless(head.status().code())) {
      f.unsubscribe(this);
      r.fetch = null;
      ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
      finishResponse(r);
    }
  }

  private static boolean isBodyless(int status) {
    return status == 204 || status == 304 || status / 100 == 1;
  }

  private void continueFromFetch(Request r, Fetch f) {
    List<ByteBuf> segments = new ArrayList<>();
    int end = f.segmentsFrom(r.cursor, segments);
    int i = 0;
    while (i < segments.size() && ctx.channel().isWritable()) {
      ByteBuf s = segments.get(i++);
      int n = s.readableBytes();
      ctx.write(new DefaultHttpContent(s));
      r.written += n;
      edge.metrics.clientBytes.add(n);
    }
    for (int j = i; j < segments.size(); j++) {
      segments.get(j).release(); // not written now; taken again when the connection drains
    }
    r.cursor = i == segments.size() ? end : end - (segments.size() - i);
    f.consumed(this, r.written);
    if (r.cursor == end && f.isDone() && f.segmentCount() == end) {
      f.unsubscribe(this);
      r.fetch = null;
      if (f.failure() != null) {
        // The origin broke off mid-body: the client must see a broken response, not a short one.
        ctx.flush();
        closeNow();
        return;
      }
      ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
      finishResponse(r);
    }
  }

  private String cacheStatus(Request r, Fetch f) {
    StringBuilder s = new StringBuilder("fwd=");
    s.append(r.stale != null ? "stale" : "PASS".equals(r.xCache) ? "bypass" : "miss");
    HttpResponse head = f.head();
    if (head != null) {
      s.append("; fwd-status=").append(head.status().code());
    }
    if (f.storing()) {
      s.append("; stored");
    }
    if (!f.isLeader(this)) {
      s.append("; collapsed");
    }
    return s.toString();
  }

  private void count(String xCache) {
    switch (xCache) {
      case "MISS":
        edge.metrics.miss.increment();
        break;
      case "EXPIRED":
        edge.metrics.expired.increment();
        break;
      case "STALE":
        edge.metrics.stale.increment();
        break;
      default:
        edge.metrics.pass.increment();
        break;
    }
  }

  // ---- serving a stored object ----

  private void serveObject(Request r, CachedObject o, long now, String xCache, String cacheStatus) {
    HttpHeaders req = r.head.headers();
    String etag = o.headers().get(HttpHeaderNames.ETAG);
    String lastModified = o.headers().get(HttpHeaderNames.LAST_MODIFIED);
    if (o.status() == 200
        && (req.contains(HttpHeaderNames.IF_NONE_MATCH)
            || req.contains(HttpHeaderNames.IF_MODIFIED_SINCE)
            || req.contains(HttpHeaderNames.IF_MATCH)
            || req.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE))) {
      Conditionals.Outcome outcome =
          Conditionals.evaluate(r.head.method().name(), req, etag, lastModified);
      if (outcome == Conditionals.Outcome.NOT_MODIFIED) {
        writeHeadOnly(r, Responses.notModified(edge, o, now, xCache, cacheStatus));
        return;
      }
      if (outcome == Conditionals.Outcome.PRECONDITION_FAILED) {
        writeError(r, HttpResponseStatus.PRECONDITION_FAILED);
        return;
      }
    }
    StoredBody body = o.body();
    String range = req.get(HttpHeaderNames.RANGE);
    if (range != null && !r.isHead && o.status() == 200) {
      String ifRange = req.get(HttpHeaderNames.IF_RANGE);
      if (ifRange == null || Conditionals.ifRangeAllows(ifRange, etag, lastModified)) {
        ByteRanges.RangeSet set = ByteRanges.parse(range, body.length(), edge.config.maxRanges());
        if (set.kind() == ByteRanges.RangeSet.Kind.UNSATISFIABLE) {
          writeHeadOnly(r, Responses.rangeNotSatisfiable(edge, o, now, xCache));
          return;
        }
        if (set.kind() == ByteRanges.RangeSet.Kind.SATISFIABLE) {
          serveRanges(r, o, now, xCache, cacheStatus, set.ranges());
          return;
        }
      }
    }
    HttpResponse head = Responses.object(edge, o, now, xCache, cacheStatus);
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
    if (range == null && o.status() == 200) {
      head.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    }
    writeBody(r, head, body, List.of(new long[] {0, body.length()}));
  }

  private void serveRanges(
      Request r,
      CachedObject o,
      long now,
      String xCache,
      String cacheStatus,
      List<ByteRanges.Range> ranges) {
    StoredBody body = o.body();
    HttpResponse head = Responses.object(edge, o, now, xCache, cacheStatus);
    head.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
    HttpHeaders h = head.headers();
    if (ranges.size() == 1) {
      ByteRanges.Range one = ranges.get(0);
      h.set(HttpHeaderNames.CONTENT_RANGE, ByteRanges.contentRange(one, body.length()));
      h.set(HttpHeaderNames.CONTENT_LENGTH, one.last() - one.first() + 1);
      writeBody(r, head, body, List.of(new long[] {one.first(), one.last() + 1}));
      return;
    }
    String boundary = Responses.boundary();
    List<Object> parts =
        Responses.multipart(
            ranges, body.length(), o.headers().get(HttpHeaderNames.CONTENT_TYPE), boundary);
    h.set(HttpHeaderNames.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    h.set(HttpHeaderNames.CONTENT_LENGTH, Responses.multipartLength(parts));
    writeBody(r, head, body, parts);
  }

  /** Writes a head and a body from {@code parts} (buffers and {@code [from, to)} ranges). */
  private void writeBody(Request r, HttpResponse head, StoredBody body, List<Object> parts) {
    keepAliveHeaders(r, head.headers());
    encoder.answeringHead(r.isHead);
    r.headWritten = true;
    edge.metrics.latency.recordNanosSince(r.startNanos);
    if (r.isHead) {
      ctx.write(head);
      ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
      releaseParts(parts);
      finishResponse(r);
      return;
    }
    if (parts.size() == 1 && parts.get(0) instanceof long[]) {
      long[] range = (long[]) parts.get(0);
      if (range[1] - range[0] <= WRITE_CHUNK) {
        // The common small hit: one message, one write.
        FullHttpResponse full =
            new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                head.status(),
                body.slice(range[0], range[1]),
                head.headers(),
                new DefaultHttpHeaders(false));
        edge.metrics.clientBytes.add(range[1] - range[0]);
        ctx.write(full);
        finishResponse(r);
        return;
      }
    }
    ctx.write(head);
    r.writer = new BodyWriter(body, parts);
    continueWriter(r);
  }

  private static void releaseParts(List<Object> parts) {
    for (Object p : parts) {
      if (p instanceof ByteBuf) {
        ((ByteBuf) p).release();
      }
    }
  }

  private void continueWriter(Request r) {
    if (r.writer.writeMore()) {
      r.writer = null;
      ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
      finishResponse(r);
    } else {
      flushNow();
    }
  }

  private void writeHeadOnly(Request r, HttpResponse head) {
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
    if (head.status().code() == 304) {
      head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    keepAliveHeaders(r, head.headers());
    encoder.answeringHead(true);
    r.headWritten = true;
    edge.metrics.latency.recordNanosSince(r.startNanos);
    ctx.write(head);
    ctx.write(LastHttpContent.EMPTY_LAST_CONTENT);
    finishResponse(r);
  }

  /**
   * Frames a relayed body whose length the origin did not give: chunked to an HTTP/1.1 client, and
   * to an HTTP/1.0 one, which cannot read chunks, as the bytes themselves ended by closing the
   * connection (the origin's own chunked framing is not passed on to it).
   */
  private static void frameUnknownLength(Request r, HttpHeaders headers) {
    if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return;
    }
    if (r.head.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
      r.keepAlive = false;
    }
  }

  private void keepAliveHeaders(Request r, HttpHeaders headers) {
    if (!r.keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (!r.head.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private void writeError(Request r, HttpResponseStatus status) {
    FullHttpResponse page = ErrorResponses.of(status, !r.keepAlive);
    Responses.verdict(edge, page.headers(), "ERROR", "fwd=miss; detail=" + status.code());
    encoder.answeringHead(r.isHead);
    r.headWritten = true;
    ctx.write(page);
    finishResponse(r);
  }

  private void writeSmall(Request r, HttpResponseStatus status, String text) {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    keepAliveHeaders(r, response.headers());
    encoder.answeringHead(false);
    r.headWritten = true;
    ctx.write(response);
    finishResponse(r);
  }

  // ---- pass ----

  private void pass(Request r) {
    r.xCache = "PASS";
    r.pass = new PassExchange(edge, pool, this, r.head, peerAddress);
    ReferenceCountUtil.release(r.head);
    r.pass.start();
  }

  @Override
  public io.netty.channel.Channel channel() {
    return ctx.channel();
  }

  @Override
  public void passHead(HttpResponse response) {
    Request r = current;
    if (r == null) {
      return;
    }
    if (response.status().code() / 100 == 1) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status()));
      return;
    }
    int status = response.status().code();
    if (status < 400 && isUnsafe(r.head.method())) {
      invalidateAfterUnsafe(r, response.headers());
    }
    edge.metrics.pass.increment();
    Responses.verdict(edge, response.headers(), "PASS", "fwd=method; fwd-status=" + status);
    response.headers().remove(Fetch.SURROGATE_KEY_NAME);
    if (!isBodyless(status)) {
      frameUnknownLength(r, response.headers());
    }
    keepAliveHeaders(r, response.headers());
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    encoder.answeringHead(HttpMethod.HEAD.equals(r.head.method()));
    r.headWritten = true;
    edge.metrics.latency.recordNanosSince(r.startNanos);
    ctx.write(response instanceof HttpContent ? headOf(response) : response);
    if (response instanceof HttpContent) {
      passContent((HttpContent) response);
    }
  }

  private static HttpResponse headOf(HttpResponse response) {
    return new DefaultHttpResponse(
        response.protocolVersion(), response.status(), response.headers());
  }

  private static boolean isUnsafe(HttpMethod m) {
    return HttpMethod.POST.equals(m)
        || HttpMethod.PUT.equals(m)
        || HttpMethod.DELETE.equals(m)
        || HttpMethod.PATCH.equals(m);
  }

  private void invalidateAfterUnsafe(Request r, HttpHeaders response) {
    edge.store.remove(r.target.primaryKey());
    for (AsciiString name : List.of(HttpHeaderNames.LOCATION, HttpHeaderNames.CONTENT_LOCATION)) {
      String value = response.get(name);
      if (value == null) {
        continue;
      }
      try {
        java.net.URI uri = new java.net.URI(value);
        String host = r.head.headers().get(HttpHeaderNames.HOST);
        if (uri.getHost() != null && !uri.getHost().equalsIgnoreCase(r.target.host())) {
          continue; // RFC 9111 §4.4: only URIs with the same host
        }
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.startsWith("/")) {
          path = r.target.path().substring(0, r.target.path().lastIndexOf('/') + 1) + path;
        }
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        edge.store.remove(
            edge.keys.target("http", host == null ? r.target.host() : host, target).primaryKey());
      } catch (java.net.URISyntaxException | RuntimeException e) {
        // A Location we cannot read invalidates nothing more.
      }
    }
  }

  @Override
  public void passContent(HttpContent content) {
    Request r = current;
    if (r == null || closed) {
      ReferenceCountUtil.release(content);
      return;
    }
    if (content instanceof LastHttpContent) {
      edge.metrics.clientBytes.add(content.content().readableBytes());
      ctx.write(content);
      return;
    }
    edge.metrics.clientBytes.add(content.content().readableBytes());
    ctx.write(content);
    flushNow();
  }

  @Override
  public void passEnd(boolean ok) {
    Request r = current;
    if (r == null) {
      return;
    }
    if (!ok) {
      ctx.flush();
      closeNow();
      return;
    }
    if (!r.bodyDone) {
      // The origin answered before the request body ended: the connection cannot be reused.
      r.keepAlive = false;
    }
    finishResponse(r);
    flushNow();
  }

  @Override
  public void passFailed(int status) {
    Request r = current;
    if (r == null) {
      return;
    }
    edge.metrics.error.increment();
    if (!r.bodyDone) {
      r.keepAlive = false;
    }
    writeError(r, HttpResponseStatus.valueOf(status));
    flushNow();
  }

  @Override
  public void passWritable(boolean writable) {
    if (writable) {
      resumeReading();
    } else {
      pauseReading();
    }
  }

  // ---- lifecycle ----

  private void finishResponse(Request r) {
    cancelWait(r);
    current = null;
    if (!r.keepAlive) {
      closed = true;
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      pending.forEach(ReferenceCountUtil::release);
      pending.clear();
      return;
    }
    if (inRead) {
      flushPending = true;
    } else {
      flushNow();
    }
    headWaitSince = System.nanoTime();
    drainPending();
  }

  private void armHeadDeadline(long delayNanos) {
    headDeadline =
        ctx.executor().schedule(this::checkHeadDeadline, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkHeadDeadline() {
    if (closed) {
      return;
    }
    long limit = edge.config.clientIdleTimeout().toNanos();
    long waited = System.nanoTime() - headWaitSince;
    if (current == null && pending.isEmpty() && waited >= limit) {
      closeNow();
      return;
    }
    armHeadDeadline(current == null ? Math.max(1, limit - waited) : limit);
  }

  private void cancelHeadDeadline() {
    if (headDeadline != null) {
      headDeadline.cancel(false);
      headDeadline = null;
    }
  }

  /** Answers queued pipelined requests until one goes asynchronous. */
  private void drainPending() {
    while (!pending.isEmpty() && !closed) {
      Object next = pending.peek();
      if (current == null) {
        dispatch(pending.poll());
      } else if (!current.bodyDone && next instanceof HttpContent) {
        requestContent((HttpContent) pending.poll());
      } else {
        break;
      }
    }
    if (current == null && pending.isEmpty()) {
      resumeReading();
    }
  }

  private void cancelWait(Request r) {
    if (r.waitTimer != null) {
      r.waitTimer.cancel(false);
      r.waitTimer = null;
    }
  }

  private void flushNow() {
    if (inRead) {
      flushPending = true;
    } else {
      ctx.flush();
    }
  }

  private void pauseReading() {
    if (!readPaused) {
      readPaused = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void resumeReading() {
    if (readPaused && !closed) {
      readPaused = false;
      ctx.channel().config().setAutoRead(true);
    }
  }

  private void closeNow() {
    closed = true;
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    ctx.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Request r = current;
    boolean writable = ctx.channel().isWritable();
    if (r != null && writable) {
      if (r.writer != null) {
        continueWriter(r);
      } else if (r.fetch != null && r.headWritten) {
        continueFromFetch(r, r.fetch);
        flushNow();
      }
    }
    if (r != null && r.pass != null) {
      r.pass.clientWritabilityChanged(writable);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && current == null) {
      closeNow();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    headWaitSince = System.nanoTime();
    armHeadDeadline(edge.config.clientIdleTimeout().toNanos());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    cancelHeadDeadline();
    Request r = current;
    current = null;
    if (r != null) {
      cancelWait(r);
      if (r.fetch != null) {
        r.fetch.unsubscribe(this);
      }
      if (r.pass != null) {
        r.pass.abort();
      }
    }
    pending.forEach(ReferenceCountUtil::release);
    pending.clear();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
