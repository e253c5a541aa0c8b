package dev.tierkit.mq.server;

import dev.tierkit.mq.broker.AmqpException;
import dev.tierkit.mq.broker.MessageQueue;
import dev.tierkit.mq.broker.VirtualHost;
import dev.tierkit.mq.protocol.AmqpFrameDecoder;
import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.protocol.ChannelMethod;
import dev.tierkit.mq.protocol.ConnectionMethod;
import dev.tierkit.mq.protocol.ContentCommand;
import dev.tierkit.mq.protocol.ContentFrames;
import dev.tierkit.mq.protocol.DecodeError;
import dev.tierkit.mq.protocol.HeartbeatFrame;
import dev.tierkit.mq.protocol.Method;
import dev.tierkit.mq.protocol.MethodFrame;
import dev.tierkit.mq.protocol.ProtocolHeader;
import dev.tierkit.mq.protocol.ReplyCode;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the AMQP 0-9-1 connection state machine (protocol header, start, start-ok
 * with authentication, tune, tune-ok, open, close in both directions), heartbeats, and the channels
 * it opens, each an {@link AmqpChannel}.
 *
 * <p>Errors are raised where RabbitMQ raises them: a channel error closes that channel with {@code
 * channel.close} and the connection goes on; a connection error sends {@code connection.close} and,
 * after the client's close-ok or a timeout, closes the socket. After sending a close the handler
 * ignores everything but the matching close-ok (and close), as the spec requires.
 *
 * <p>Operations that finish later (a durable declaration being written) suspend the connection:
 * reading stops and frames already decoded wait in a backlog until the reply has been sent, so
 * replies keep the order of the requests. Writes are flushed once per read batch and once per burst
 * of deliveries or confirms.
 */
final class AmqpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(AmqpConnection.class);

  private enum State {
    AWAITING_HEADER,
    AWAITING_START_OK,
    AWAITING_TUNE_OK,
    AWAITING_OPEN,
    OPEN,
    CLOSING,
    CLOSED
  }

  private final ServerContext server;
  private final IntObjectMap<AmqpChannel> channels = new IntObjectHashMap<>();
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();
  private final List<AmqpChannel> confirmsToReport = new ArrayList<>(2);
  private ChannelHandlerContext ctx;
  private State state = State.AWAITING_HEADER;
  private int channelMax;
  private int frameMax;
  private int heartbeatSeconds;
  private Map<String, Object> clientCapabilities = Map.of();
  private String user;
  private VirtualHost vhost;
  private int suspended;
  private boolean draining;
  private boolean blockedByAlarm;
  private final Set<MessageQueue> throttledBy = new HashSet<>(2);
  private boolean published;
  private boolean flushScheduled;
  private boolean inRead;
  private boolean wroteInRead;
  private long lastReadNanos;
  private long lastWriteNanos;
  private ScheduledFuture<?> heartbeatTask;
  private ScheduledFuture<?> handshakeTimeout;

  AmqpConnection(ServerContext server) {
    this.server = server;
  }

  // ---- lifecycle ----

  @Override
  public void channelActive(ChannelHandlerContext context) {
    this.ctx = context;
    lastReadNanos = System.nanoTime();
    handshakeTimeout =
        context
            .executor()
            .schedule(
                () -> {
                  if (state != State.OPEN && state != State.CLOSED) {
                    log.info("{}: handshake not finished in time, closing", context.channel());
                    context.close();
                  }
                },
                server.config().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    server.connections().add(this);
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    state = State.CLOSED;
    cleanUp();
    context.fireChannelInactive();
  }

  private void cleanUp() {
    if (heartbeatTask != null) {
      heartbeatTask.cancel(false);
    }
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    for (AmqpChannel channel : channels.values()) {
      channel.close();
    }
    channels.clear();
    backlog.forEach(ReferenceCountUtil::release);
    backlog.clear();
    if (vhost != null) {
      vhost.connectionClosed(this);
    }
    server.connections().remove(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    log.debug("{}: {}", context.channel(), cause.toString());
    context.close();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext context) {
    if (context.channel().isWritable()) {
      for (AmqpChannel channel : channels.values()) {
        channel.writable();
      }
    }
    context.fireChannelWritabilityChanged();
  }

  // ---- reading ----

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    lastReadNanos = System.nanoTime();
    if (suspended > 0 || !backlog.isEmpty()) {
      backlog.add(msg);
      return;
    }
    inRead = true;
    try {
      process(msg);
    } finally {
      inRead = false;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    finishBatch();
    context.fireChannelReadComplete();
  }

  private void finishBatch() {
    if (!confirmsToReport.isEmpty()) {
      for (AmqpChannel channel : confirmsToReport) {
        channel.reportConfirms();
      }
      confirmsToReport.clear();
      wroteInRead = true;
    }
    if (wroteInRead) {
      wroteInRead = false;
      flush();
    }
  }

  private void process(Object msg) {
    if (state == State.CLOSED) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (msg instanceof ProtocolHeader) {
        onProtocolHeader();
      } else if (msg instanceof MethodFrame frame) {
        onMethod(frame.channel(), frame.method());
      } else if (msg instanceof ContentCommand command) {
        onContent(command);
      } else if (msg instanceof HeartbeatFrame) {
        // lastReadNanos was updated; nothing else to do.
      } else if (msg instanceof DecodeError error) {
        onDecodeError(error);
      } else {
        ReferenceCountUtil.release(msg);
      }
    } catch (RuntimeException e) {
      log.error("{}: internal error", ctx.channel(), e);
      closeConnection(ReplyCode.INTERNAL_ERROR, "INTERNAL_ERROR", 0, 0);
    }
  }

  private void onDecodeError(DecodeError error) {
    if (!error.replyCode().isConnectionError() && error.channel() != 0 && state == State.OPEN) {
      AmqpChannel channel = channels.get(error.channel());
      if (channel != null && !channel.closing()) {
        closeChannel(
            channel, error.replyCode(), error.replyText(), error.classId(), error.methodId());
        return;
      }
    }
    log.info("{}: {}", ctx.channel(), error.replyText());
    closeConnection(error.replyCode(), error.replyText(), error.classId(), error.methodId());
  }

  private void onProtocolHeader() {
    if (state != State.AWAITING_HEADER) {
      closeConnection(ReplyCode.UNEXPECTED_FRAME, "UNEXPECTED_FRAME - protocol header", 0, 0);
      return;
    }
    state = State.AWAITING_START_OK;
    send(
        0,
        new ConnectionMethod.Start(
            0, 9, server.serverProperties(), Authenticator.MECHANISMS, "en_US"));
  }

  private void onMethod(int channelId, Method method) {
    if (state == State.CLOSING) {
      if (channelId == 0 && method instanceof ConnectionMethod.CloseOk) {
        ctx.close();
      } else if (channelId == 0 && method instanceof ConnectionMethod.Close) {
        send(0, new ConnectionMethod.CloseOk());
      }
      return;
    }
    if (channelId == 0) {
      onConnectionMethod(method);
      return;
    }
    if (state != State.OPEN) {
      closeConnection(
          ReplyCode.COMMAND_INVALID,
          "COMMAND_INVALID - channel " + channelId + " used before connection.open",
          method.classId(),
          method.methodId());
      return;
    }
    AmqpChannel channel = channels.get(channelId);
    if (channel == null) {
      if (method instanceof ChannelMethod.Open) {
        openChannel(channelId);
      } else {
        closeConnection(
            ReplyCode.CHANNEL_ERROR,
            "CHANNEL_ERROR - expected 'channel.open'",
            method.classId(),
            method.methodId());
      }
      return;
    }
    if (channel.closing()) {
      if (method instanceof ChannelMethod.CloseOk) {
        channels.remove(channelId);
      } else if (method instanceof ChannelMethod.Close) {
        send(channelId, new ChannelMethod.CloseOk());
        channels.remove(channelId);
      }
      return;
    }
    if (method instanceof ChannelMethod.Open) {
      closeConnection(
          ReplyCode.CHANNEL_ERROR,
          "CHANNEL_ERROR - second 'channel.open' seen",
          method.classId(),
          method.methodId());
    } else if (method instanceof ChannelMethod.Close) {
      channel.close();
      channels.remove(channelId);
      send(channelId, new ChannelMethod.CloseOk());
    } else if (method instanceof ChannelMethod.CloseOk) {
      // A close-ok with no close pending: ignored, as RabbitMQ does.
    } else {
      int suspendedBefore = suspended;
      try {
        channel.handle(method);
      } catch (AmqpException e) {
        // The operation failed before it could finish, so its reply will never run.
        abandonSuspensions(suspendedBefore);
        raise(channel, e, method.classId(), method.methodId());
      }
    }
  }

  private void onContent(ContentCommand command) {
    if (state != State.OPEN) {
      command.release();
      closeConnection(ReplyCode.COMMAND_INVALID, "COMMAND_INVALID - publish before open", 60, 40);
      return;
    }
    AmqpChannel channel = channels.get(command.channel());
    if (channel == null) {
      command.release();
      closeConnection(ReplyCode.CHANNEL_ERROR, "CHANNEL_ERROR - expected 'channel.open'", 60, 40);
      return;
    }
    if (channel.closing()) {
      command.release();
      return;
    }
    try {
      channel.publish(command);
    } catch (AmqpException e) {
      raise(channel, e, 60, 40);
    }
  }

  private void raise(AmqpChannel channel, AmqpException e, int classId, int methodId) {
    if (e.isConnectionError()) {
      closeConnection(e.replyCode(), e.replyText(), classId, methodId);
    } else {
      closeChannel(channel, e.replyCode(), e.replyText(), classId, methodId);
    }
  }

  private void openChannel(int channelId) {
    // As in RabbitMQ, channel_max limits how many channels are open, not their numbers.
    if (channels.size() >= channelMax) {
      closeConnection(
          ReplyCode.NOT_ALLOWED,
          "NOT_ALLOWED - number of channels opened ("
              + channels.size()
              + ") has reached the negotiated channel_max ("
              + channelMax
              + ")",
          0,
          0);
      return;
    }
    channels.put(channelId, new AmqpChannel(this, channelId, vhost));
    send(channelId, new ChannelMethod.OpenOk());
  }

  private void closeChannel(
      AmqpChannel channel, ReplyCode code, String text, int classId, int methodId) {
    channel.close();
    channel.markClosing();
    send(channel.id(), new ChannelMethod.Close(code.code(), shortened(text), classId, methodId));
    flushSoon();
  }

  private void onConnectionMethod(Method method) {
    switch (state) {
      case AWAITING_START_OK -> {
        if (method instanceof ConnectionMethod.StartOk startOk) {
          onStartOk(startOk);
        } else {
          handshakeError(method);
        }
      }
      case AWAITING_TUNE_OK -> {
        if (method instanceof ConnectionMethod.TuneOk tuneOk) {
          onTuneOk(tuneOk);
        } else {
          handshakeError(method);
        }
      }
      case AWAITING_OPEN -> {
        if (method instanceof ConnectionMethod.Open open) {
          onOpen(open);
        } else {
          handshakeError(method);
        }
      }
      case OPEN -> onOpenConnectionMethod(method);
      default -> handshakeError(method);
    }
  }

  private void onOpenConnectionMethod(Method method) {
    if (method instanceof ConnectionMethod.Close close) {
      log.debug("{}: client closed: {} {}", ctx.channel(), close.replyCode(), close.replyText());
      state = State.CLOSED;
      cleanUp();
      ctx.writeAndFlush(new MethodFrame(0, new ConnectionMethod.CloseOk()))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (method instanceof ConnectionMethod.CloseOk) {
      ctx.close();
    } else if (method instanceof ConnectionMethod.Blocked
        || method instanceof ConnectionMethod.Unblocked) {
      // A client may not block the broker; ignored, as RabbitMQ does.
    } else if (method instanceof ConnectionMethod.UpdateSecret) {
      send(0, new ConnectionMethod.UpdateSecretOk());
    } else {
      closeConnection(
          ReplyCode.COMMAND_INVALID,
          "COMMAND_INVALID - unexpected method on channel 0",
          method.classId(),
          method.methodId());
    }
  }

  private void handshakeError(Method method) {
    closeConnection(
        ReplyCode.COMMAND_INVALID,
        "COMMAND_INVALID - expected the next handshake method, got class "
            + method.classId()
            + " method "
            + method.methodId(),
        method.classId(),
        method.methodId());
  }

  private void onStartOk(ConnectionMethod.StartOk startOk) {
    if (startOk.clientProperties().get("capabilities") instanceof Map<?, ?> capabilities) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) capabilities;
      clientCapabilities = typed;
    }
    if (!Authenticator.supports(startOk.mechanism())) {
      // RabbitMQ drops the socket without a close method here.
      log.warn("{}: unknown authentication mechanism '{}'", ctx.channel(), startOk.mechanism());
      state = State.CLOSED;
      ctx.close();
      return;
    }
    String authenticated =
        server
            .authenticator()
            .authenticate(startOk.mechanism(), startOk.response(), ctx.channel().remoteAddress());
    if (authenticated == null) {
      String text =
          "ACCESS_REFUSED - Login was refused using authentication mechanism "
              + startOk.mechanism()
              + ". For details see the broker logfile.";
      log.warn("{}: login refused (mechanism {})", ctx.channel(), startOk.mechanism());
      if (clientCapability("authentication_failure_close")) {
        closeConnection(ReplyCode.ACCESS_REFUSED, text, 10, 11);
      } else {
        ctx.close();
      }
      return;
    }
    user = authenticated;
    state = State.AWAITING_TUNE_OK;
    MqLimits limits = server.config().limits();
    send(
        0,
        new ConnectionMethod.Tune(
            limits.channelMax(), limits.frameMax(), limits.heartbeatSeconds()));
  }

  private void onTuneOk(ConnectionMethod.TuneOk tuneOk) {
    MqLimits limits = server.config().limits();
    int clientFrameMax = tuneOk.frameMax();
    if (clientFrameMax != 0 && clientFrameMax < 4096) {
      closeConnection(
          ReplyCode.NOT_ALLOWED,
          "NOT_ALLOWED - frame_max=" + clientFrameMax + " < 4096 min size",
          10,
          31);
      return;
    }
    if (clientFrameMax == 0 || clientFrameMax > limits.frameMax()) {
      if (clientFrameMax > limits.frameMax()) {
        closeConnection(
            ReplyCode.NOT_ALLOWED,
            "NOT_ALLOWED - frame_max=" + clientFrameMax + " > " + limits.frameMax() + " max size",
            10,
            31);
        return;
      }
      clientFrameMax = limits.frameMax();
    }
    frameMax = clientFrameMax;
    int clientChannelMax = tuneOk.channelMax();
    if (clientChannelMax == 0 || clientChannelMax > limits.channelMax()) {
      // RabbitMQ refuses "no limit" or more than it offered by closing the socket.
      log.warn(
          "{}: failed to negotiate connection parameters: negotiated channel_max = {} is higher"
              + " than the maximum allowed value ({})",
          ctx.channel(),
          clientChannelMax,
          limits.channelMax());
      state = State.CLOSED;
      ctx.close();
      return;
    }
    channelMax = clientChannelMax;
    heartbeatSeconds = tuneOk.heartbeat();
    AmqpFrameDecoder decoder = ctx.pipeline().get(AmqpFrameDecoder.class);
    if (decoder != null) {
      decoder.frameMax(frameMax);
    }
    state = State.AWAITING_OPEN;
    startHeartbeats();
  }

  private void onOpen(ConnectionMethod.Open open) {
    VirtualHost host = server.broker().vhost(open.virtualHost());
    if (host == null) {
      closeConnection(
          ReplyCode.NOT_ALLOWED,
          "NOT_ALLOWED - vhost " + open.virtualHost() + " not found",
          10,
          40);
      return;
    }
    vhost = host;
    state = State.OPEN;
    if (handshakeTimeout != null) {
      handshakeTimeout.cancel(false);
    }
    send(0, new ConnectionMethod.OpenOk());
    if (server.alarm().active() && clientCapability("connection.blocked")) {
      // Publishers learn of the alarm at their first publish, as in RabbitMQ.
      log.debug("{}: opened during a resource alarm", ctx.channel());
    }
  }

  // ---- heartbeats ----

  private void startHeartbeats() {
    if (heartbeatSeconds <= 0) {
      return;
    }
    long periodMillis = Math.max(100, heartbeatSeconds * 1000L / 2);
    lastWriteNanos = System.nanoTime();
    heartbeatTask =
        ctx.executor()
            .scheduleAtFixedRate(
                this::heartbeat, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void heartbeat() {
    long now = System.nanoTime();
    long timeout = TimeUnit.SECONDS.toNanos(heartbeatSeconds) * 2;
    if (now - lastReadNanos > timeout) {
      log.info("{}: missed heartbeats from client, timeout: {}s", ctx.channel(), heartbeatSeconds);
      state = State.CLOSED;
      ctx.close();
      return;
    }
    if (now - lastWriteNanos >= TimeUnit.SECONDS.toNanos(heartbeatSeconds) / 2) {
      ctx.writeAndFlush(new HeartbeatFrame());
      lastWriteNanos = now;
    }
  }

  // ---- closing ----

  /** Sends connection.close and waits (bounded) for close-ok before closing the socket. */
  void closeConnection(ReplyCode code, String text, int classId, int methodId) {
    if (state == State.CLOSING || state == State.CLOSED) {
      return;
    }
    boolean handshakeDone = state == State.OPEN || state == State.AWAITING_OPEN;
    state = State.CLOSING;
    for (AmqpChannel channel : channels.values()) {
      channel.close();
    }
    ctx.writeAndFlush(
        new MethodFrame(
            0, new ConnectionMethod.Close(code.code(), shortened(text), classId, methodId)));
    lastWriteNanos = System.nanoTime();
    long waitMillis = handshakeDone ? server.config().closeTimeout().toMillis() : 1000;
    ctx.executor().schedule(() -> ctx.close(), waitMillis, TimeUnit.MILLISECONDS);
  }

  /** Reply texts are shortstrs: at most 255 bytes of UTF-8. */
  static String shortened(String text) {
    if (ByteBufUtil.utf8Bytes(text) <= 255) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int size = ByteBufUtil.utf8Bytes(new String(Character.toChars(codePoint)));
      if (bytes + size > 252) {
        break;
      }
      out.appendCodePoint(codePoint);
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return out.append("...").toString();
  }

  // ---- suspension ----

  /**
   * Stops processing input until the returned action runs (from any thread); the action then runs
   * {@code reply} on this event loop and resumes.
   */
  Runnable suspendUntilDone(Runnable reply) {
    suspended++;
    updateAutoRead();
    boolean[] ran = new boolean[1];
    return () -> {
      if (ctx.executor().inEventLoop()) {
        resume(reply, ran);
      } else {
        ctx.executor().execute(() -> resume(reply, ran));
      }
    };
  }

  private void abandonSuspensions(int level) {
    if (suspended > level) {
      suspended = level;
      updateAutoRead();
      scheduleBacklog();
    }
  }

  private void resume(Runnable reply, boolean[] ran) {
    if (ran[0]) {
      return;
    }
    ran[0] = true;
    if (state != State.CLOSED && state != State.CLOSING) {
      reply.run();
    }
    suspended--;
    updateAutoRead();
    if (!inRead) {
      flushSoon();
    }
    scheduleBacklog();
  }

  private void scheduleBacklog() {
    if (suspended == 0 && !backlog.isEmpty() && !draining) {
      draining = true;
      ctx.executor().execute(this::drainBacklog);
    }
  }

  private void drainBacklog() {
    draining = false;
    inRead = true;
    try {
      while (suspended == 0 && !backlog.isEmpty()) {
        process(backlog.poll());
      }
    } finally {
      inRead = false;
    }
    finishBatch();
  }

  private void updateAutoRead() {
    if (ctx != null) {
      ctx.channel()
          .config()
          .setAutoRead(suspended == 0 && !blockedByAlarm && throttledBy.isEmpty());
    }
  }

  /**
   * Stops reading from this publisher until each of {@code queues} has caught up with its consumers
   * (RabbitMQ's "flow" state). Frames already read are still handled.
   */
  void throttle(List<MessageQueue> queues) {
    for (MessageQueue queue : queues) {
      if (throttledBy.contains(queue)) {
        continue;
      }
      boolean waiting = queue.awaitFlow(() -> execute(() -> unthrottle(queue)));
      if (waiting) {
        throttledBy.add(queue);
        server.metrics().throttled();
      }
    }
    updateAutoRead();
  }

  private void unthrottle(MessageQueue queue) {
    if (throttledBy.remove(queue)) {
      updateAutoRead();
    }
  }

  // ---- resource alarms ----

  /** Called on this event loop when a memory or disk alarm starts or ends. */
  void alarmChanged(boolean active, String reason) {
    if (state != State.OPEN || !published) {
      return;
    }
    setBlocked(active, reason);
  }

  private void setBlocked(boolean active, String reason) {
    if (blockedByAlarm == active) {
      return;
    }
    blockedByAlarm = active;
    if (clientCapability("connection.blocked")) {
      send(0, active ? new ConnectionMethod.Blocked(reason) : new ConnectionMethod.Unblocked());
      flushSoon();
    }
    updateAutoRead();
  }

  void notePublished(int bytes) {
    server.metrics().published(bytes);
    if (!published) {
      published = true;
      if (server.alarm().active()) {
        setBlocked(true, server.alarm().reason());
      }
    }
  }

  void noteDelivered() {
    server.metrics().delivered();
  }

  // ---- writing ----

  void send(int channel, Method method) {
    ctx.write(new MethodFrame(channel, method));
    wrote();
  }

  void sendContent(int channel, Method method, BasicProperties properties, byte[] body) {
    ctx.write(ContentFrames.encode(ctx.alloc(), channel, method, properties, body, frameMax));
    wrote();
  }

  private void wrote() {
    lastWriteNanos = System.nanoTime();
    if (inRead) {
      wroteInRead = true;
    }
  }

  /** Flushes after the tasks already queued on this event loop, once per burst. */
  void flushSoon() {
    if (inRead) {
      wroteInRead = true;
      return;
    }
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.executor()
          .execute(
              () -> {
                flushScheduled = false;
                flush();
              });
    }
  }

  private void flush() {
    ctx.flush();
  }

  void confirmsPending(AmqpChannel channel) {
    if (inRead) {
      if (!confirmsToReport.contains(channel)) {
        confirmsToReport.add(channel);
      }
    } else {
      channel.reportConfirms();
      flushSoon();
    }
  }

  void execute(Runnable task) {
    ctx.executor().execute(task);
  }

  boolean isWritable() {
    return ctx.channel().isWritable();
  }

  boolean clientCapability(String name) {
    return Boolean.TRUE.equals(clientCapabilities.get(name));
  }

  String user() {
    return user;
  }

  @Override
  public String toString() {
    return "connection " + (ctx == null ? "?" : ctx.channel().remoteAddress());
  }
}
