package dev.tierkit.mq.server;

import dev.tierkit.mq.broker.AmqpException;
import dev.tierkit.mq.broker.ArgumentException;
import dev.tierkit.mq.broker.Exchange;
import dev.tierkit.mq.broker.Expiration;
import dev.tierkit.mq.broker.Message;
import dev.tierkit.mq.broker.MessageQueue;
import dev.tierkit.mq.broker.QueueEntry;
import dev.tierkit.mq.broker.VirtualHost;
import dev.tierkit.mq.protocol.BasicMethod;
import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.protocol.ChannelMethod;
import dev.tierkit.mq.protocol.ConfirmMethod;
import dev.tierkit.mq.protocol.ContentCommand;
import dev.tierkit.mq.protocol.ExchangeMethod;
import dev.tierkit.mq.protocol.Method;
import dev.tierkit.mq.protocol.QueueMethod;
import dev.tierkit.mq.protocol.ReplyCode;
import dev.tierkit.mq.protocol.TxMethod;
import io.netty.buffer.ByteBufUtil;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jctools.queues.MpscUnboundedArrayQueue;

/**
 * One open AMQP channel: its consumers, the deliveries it has sent and not had acknowledged, its
 * prefetch, publisher confirms and transaction. Runs on its connection's event loop; the only
 * things that arrive from other threads are deliveries from queues and durability notices from the
 * message store, each through an MPSC queue drained by one task on the event loop, so a burst costs
 * one task and one flush, and bodies read back from the log for messages a queue kept on disk only
 * (read on the broker's reader thread; deliveries behind one wait for it, keeping their order).
 */
final class AmqpChannel {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A delivery the client has not settled yet. */
  private record Unacked(MessageQueue queue, QueueEntry entry, ChannelConsumer consumer) {}

  private record Delivery(ChannelConsumer consumer, QueueEntry entry) {}

  /** A transactional publish or settlement, applied at commit. */
  private interface TxAction {
    void apply();
  }

  private final AmqpConnection connection;
  private final int id;
  private final VirtualHost vhost;
  private final Map<String, ChannelConsumer> consumers = new LinkedHashMap<>();
  private final LinkedHashMap<Long, Unacked> unacked = new LinkedHashMap<>();
  private final MpscUnboundedArrayQueue<Delivery> inbox = new MpscUnboundedArrayQueue<>(256);
  private final AtomicBoolean inboxScheduled = new AtomicBoolean();
  private final MpscUnboundedArrayQueue<Long> durable = new MpscUnboundedArrayQueue<>(256);
  private final AtomicBoolean durableScheduled = new AtomicBoolean();
  private final AtomicInteger globalOutstanding = new AtomicInteger();
  private final ArrayDeque<AwaitingBody> awaitingBodies = new ArrayDeque<>();
  private final List<ChannelConsumer> noAckWritten = new ArrayList<>(2);
  private boolean wroteDeliveries;
  private volatile int globalPrefetch;
  private volatile boolean flowActive = true;
  private volatile boolean open = true;
  private int consumerPrefetch;
  private long nextDeliveryTag = 1;
  private ConfirmTracker confirms;
  private List<TxAction> tx;
  private boolean closing;

  AmqpChannel(AmqpConnection connection, int id, VirtualHost vhost) {
    this.connection = connection;
    this.id = id;
    this.vhost = vhost;
  }

  int id() {
    return id;
  }

  AmqpConnection connection() {
    return connection;
  }

  boolean closing() {
    return closing;
  }

  void markClosing() {
    closing = true;
  }

  // ---- credit, called from queue threads ----

  boolean mayDeliver() {
    return open && flowActive;
  }

  boolean reserveGlobal() {
    int limit = globalPrefetch;
    if (limit <= 0) {
      globalOutstanding.incrementAndGet();
      return true;
    }
    int current;
    do {
      current = globalOutstanding.get();
      if (current >= limit) {
        return false;
      }
    } while (!globalOutstanding.compareAndSet(current, current + 1));
    return true;
  }

  void releaseGlobal() {
    globalOutstanding.decrementAndGet();
  }

  void enqueueDelivery(ChannelConsumer consumer, QueueEntry entry) {
    inbox.offer(new Delivery(consumer, entry));
    if (inboxScheduled.compareAndSet(false, true)) {
      connection.execute(this::drainInbox);
    }
  }

  void serverCancelled(ChannelConsumer consumer) {
    connection.execute(
        () -> {
          if (consumers.remove(consumer.tag(), consumer) && open) {
            if (connection.clientCapability("consumer_cancel_notify")) {
              connection.send(id, new BasicMethod.Cancel(consumer.tag(), true));
              connection.flushSoon();
            }
          }
        });
  }

  // ---- methods ----

  /** Handles one method on this channel; throws AmqpException for errors. */
  void handle(Method method) {
    if (method instanceof BasicMethod basic) {
      handleBasic(basic);
    } else if (method instanceof QueueMethod queue) {
      handleQueue(queue);
    } else if (method instanceof ExchangeMethod exchange) {
      handleExchange(exchange);
    } else if (method instanceof ChannelMethod.Flow m) {
      flowActive = m.active();
      connection.send(id, new ChannelMethod.FlowOk(m.active()));
      if (m.active()) {
        resumeConsumers();
      }
    } else if (method instanceof ChannelMethod.FlowOk) {
      // The broker never sends channel.flow, so an answer to one needs no action.
    } else if (method instanceof ConfirmMethod.Select m) {
      if (tx != null) {
        throw new AmqpException(
            ReplyCode.PRECONDITION_FAILED, "cannot switch from tx to confirm mode");
      }
      if (confirms == null) {
        confirms = new ConfirmTracker();
      }
      if (!m.noWait()) {
        connection.send(id, new ConfirmMethod.SelectOk());
      }
    } else if (method instanceof TxMethod.Select) {
      if (confirms != null) {
        throw new AmqpException(
            ReplyCode.PRECONDITION_FAILED, "cannot switch from confirm to tx mode");
      }
      if (tx == null) {
        tx = new ArrayList<>();
      }
      connection.send(id, new TxMethod.SelectOk());
    } else if (method instanceof TxMethod.Commit) {
      commit();
    } else if (method instanceof TxMethod.Rollback) {
      requireTx();
      tx.clear();
      connection.send(id, new TxMethod.RollbackOk());
    } else {
      throw unexpected(method);
    }
  }

  private static AmqpException unexpected(Method method) {
    return new AmqpException(
        ReplyCode.COMMAND_INVALID,
        "unexpected method class " + method.classId() + " method " + method.methodId());
  }

  private void handleBasic(BasicMethod method) {
    if (method instanceof BasicMethod.Ack m) {
      ack(m.deliveryTag(), m.multiple());
    } else if (method instanceof BasicMethod.Nack m) {
      reject(m.deliveryTag(), m.multiple(), m.requeue());
    } else if (method instanceof BasicMethod.Reject m) {
      reject(m.deliveryTag(), false, m.requeue());
    } else if (method instanceof BasicMethod.Qos m) {
      qos(m);
    } else if (method instanceof BasicMethod.Consume m) {
      consume(m);
    } else if (method instanceof BasicMethod.Cancel m) {
      cancel(m);
    } else if (method instanceof BasicMethod.Get m) {
      get(m);
    } else if (method instanceof BasicMethod.Recover m) {
      if (!m.requeue()) {
        throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "requeue=false");
      }
      recover();
      connection.send(id, new BasicMethod.RecoverOk());
    } else if (method instanceof BasicMethod.RecoverAsync m) {
      if (!m.requeue()) {
        throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "requeue=false");
      }
      recover();
    } else {
      throw unexpected(method);
    }
  }

  private void handleExchange(ExchangeMethod method) {
    if (method instanceof ExchangeMethod.Declare m) {
      exchangeDeclare(m);
    } else if (method instanceof ExchangeMethod.Delete m) {
      vhost.deleteExchange(
          m.exchange(), m.ifUnused(), reply(m.noWait(), new ExchangeMethod.DeleteOk()));
    } else if (method instanceof ExchangeMethod.Bind m) {
      vhost.bindExchange(
          m.destination(),
          m.source(),
          m.routingKey(),
          m.arguments(),
          reply(m.noWait(), new ExchangeMethod.BindOk()));
    } else if (method instanceof ExchangeMethod.Unbind m) {
      vhost.unbindExchange(
          m.destination(),
          m.source(),
          m.routingKey(),
          m.arguments(),
          reply(m.noWait(), new ExchangeMethod.UnbindOk()));
    } else {
      throw unexpected(method);
    }
  }

  private void handleQueue(QueueMethod method) {
    if (method instanceof QueueMethod.Declare m) {
      queueDeclare(m);
    } else if (method instanceof QueueMethod.Bind m) {
      vhost.bindQueue(
          m.queue(),
          m.exchange(),
          m.routingKey(),
          m.arguments(),
          connection,
          reply(m.noWait(), new QueueMethod.BindOk()));
    } else if (method instanceof QueueMethod.Unbind m) {
      vhost.unbindQueue(
          m.queue(),
          m.exchange(),
          m.routingKey(),
          m.arguments(),
          connection,
          reply(false, new QueueMethod.UnbindOk()));
    } else if (method instanceof QueueMethod.Purge m) {
      int count = vhost.existingQueue(m.queue(), connection).purge();
      if (!m.noWait()) {
        connection.send(id, new QueueMethod.PurgeOk(count));
      }
    } else if (method instanceof QueueMethod.Delete m) {
      queueDelete(m);
    } else {
      throw unexpected(method);
    }
  }

  private Runnable reply(boolean noWait, Method ok) {
    return connection.suspendUntilDone(
        () -> {
          if (!noWait) {
            connection.send(id, ok);
          }
        });
  }

  private void exchangeDeclare(ExchangeMethod.Declare m) {
    vhost.declareExchange(
        m.exchange(),
        m.type(),
        m.passive(),
        m.durable(),
        m.autoDelete(),
        m.internal(),
        m.arguments(),
        reply(m.noWait(), new ExchangeMethod.DeclareOk()));
  }

  private void queueDeclare(QueueMethod.Declare m) {
    replyWithResult(
        done ->
            vhost.declareQueue(
                m.queue(),
                m.passive(),
                m.durable(),
                m.exclusive(),
                m.autoDelete(),
                m.arguments(),
                connection,
                done),
        declared ->
            new QueueMethod.DeclareOk(
                declared.queue().name(), declared.messageCount(), declared.consumerCount()),
        m.noWait());
  }

  private void queueDelete(QueueMethod.Delete m) {
    replyWithResult(
        done -> vhost.deleteQueue(m.queue(), m.ifUnused(), m.ifEmpty(), connection, done),
        QueueMethod.DeleteOk::new,
        m.noWait());
  }

  /** What an operation returned, and its completion if that arrived before the return. */
  private static final class Outcome<T> {
    T value;
    boolean returned;
    Runnable early;
  }

  /**
   * Runs an operation whose reply is built from its result and sent once its {@code done} has run
   * (after the definition store's fsync, for durable objects). {@code done} may also run within the
   * operation, before the result exists; the reply then waits until the operation returns.
   */
  private <T> void replyWithResult(
      Function<Runnable, T> operation, Function<T, Method> reply, boolean noWait) {
    Outcome<T> outcome = new Outcome<>();
    Runnable done =
        connection.suspendUntilDone(
            () -> {
              if (!noWait) {
                connection.send(id, reply.apply(outcome.value));
              }
            });
    outcome.value =
        operation.apply(
            () -> {
              if (outcome.returned) {
                done.run();
              } else {
                outcome.early = done;
              }
            });
    outcome.returned = true;
    if (outcome.early != null) {
      outcome.early.run();
    }
  }

  private void qos(BasicMethod.Qos m) {
    // RabbitMQ's reading: prefetch_size is not supported (0 only); global=false sets the limit
    // for consumers created afterwards on this channel, global=true one shared limit for all.
    if (m.prefetchSize() != 0) {
      throw new AmqpException(
          ReplyCode.NOT_IMPLEMENTED, "prefetch_size!=0 (" + m.prefetchSize() + ")");
    }
    if (m.global()) {
      globalPrefetch = m.prefetchCount();
      resumeConsumers();
    } else {
      consumerPrefetch = m.prefetchCount();
    }
    connection.send(id, new BasicMethod.QosOk());
  }

  private void consume(BasicMethod.Consume m) {
    MessageQueue queue = vhost.existingQueue(m.queue(), connection);
    String tag = m.consumerTag().isEmpty() ? generatedTag() : m.consumerTag();
    if (consumers.containsKey(tag)) {
      throw new AmqpException(ReplyCode.NOT_ALLOWED, "attempt to reuse consumer tag '" + tag + "'");
    }
    ChannelConsumer consumer = new ChannelConsumer(this, tag, queue, !m.noAck(), consumerPrefetch);
    consumers.put(tag, consumer);
    try {
      queue.addConsumer(consumer, m.exclusive());
    } catch (RuntimeException e) {
      consumers.remove(tag);
      throw e;
    }
    // Deliveries reach this channel through its inbox, drained by a later task on this event
    // loop, so consume-ok is always written before the first delivery.
    if (!m.noWait()) {
      connection.send(id, new BasicMethod.ConsumeOk(tag));
    }
  }

  private static String generatedTag() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "amq.ctag-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void cancel(BasicMethod.Cancel m) {
    ChannelConsumer consumer = consumers.remove(m.consumerTag());
    if (consumer != null) {
      consumer.cancel();
      consumer.queue().removeConsumer(consumer);
    }
    if (!m.noWait()) {
      connection.send(id, new BasicMethod.CancelOk(m.consumerTag()));
    }
  }

  private void get(BasicMethod.Get m) {
    MessageQueue queue = vhost.existingQueue(m.queue(), connection);
    MessageQueue.Polled polled = queue.poll();
    if (polled == null) {
      connection.send(id, new BasicMethod.GetEmpty());
      return;
    }
    Message message = polled.entry().message();
    if (message.body() != null) {
      finishGet(queue, polled, message.body(), m.noAck());
      return;
    }
    // The body is only in the log: read it off the event loop, holding later frames back so
    // the get-ok still answers before anything after it.
    byte[][] body = new byte[1][];
    Runnable done = connection.suspendUntilDone(() -> finishGet(queue, polled, body[0], m.noAck()));
    vhost
        .broker()
        .readBodyAsync(
            message,
            read -> {
              body[0] = read;
              done.run();
            });
  }

  private void finishGet(
      MessageQueue queue, MessageQueue.Polled polled, byte[] body, boolean noAck) {
    QueueEntry entry = polled.entry();
    if (body == null || !open) {
      if (body == null) {
        queue.settle(entry, false);
      } else {
        queue.requeue(List.of(entry));
      }
      if (open) {
        connection.send(id, new BasicMethod.GetEmpty());
      }
      return;
    }
    long tag = nextDeliveryTag++;
    Message message = entry.message();
    connection.sendContent(
        id,
        new BasicMethod.GetOk(
            tag, entry.redelivered(), message.exchange(), message.routingKey(), polled.remaining()),
        message.properties(),
        body);
    if (noAck) {
      queue.settle(entry, false);
    } else {
      unacked.put(tag, new Unacked(queue, entry, null));
    }
  }

  // ---- publish ----

  void publish(ContentCommand command) {
    BasicMethod.Publish publish = (BasicMethod.Publish) command.method();
    byte[] body;
    try {
      body = ByteBufUtil.getBytes(command.content());
    } finally {
      command.release();
    }
    BasicProperties properties = command.properties();
    if (publish.immediate()) {
      throw new AmqpException(ReplyCode.NOT_IMPLEMENTED, "immediate=true");
    }
    Exchange exchange = vhost.existingExchange(publish.exchange());
    if (exchange.internal()) {
      throw new AmqpException(
          ReplyCode.ACCESS_REFUSED,
          "cannot publish to internal exchange '"
              + exchange.name()
              + "' in vhost '"
              + vhost.name()
              + "'");
    }
    try {
      Expiration.parse(properties.expiration());
    } catch (ArgumentException e) {
      throw new AmqpException(e.reply(), e.explanation());
    }
    if (properties.userId() != null && !properties.userId().equals(connection.user())) {
      throw new AmqpException(
          ReplyCode.PRECONDITION_FAILED,
          "user_id property set to '"
              + properties.userId()
              + "' but authenticated user was '"
              + connection.user()
              + "'");
    }
    connection.notePublished(body.length);
    if (tx != null) {
      tx.add(() -> route(publish, exchange, properties, body, 0));
      return;
    }
    long seq = confirms == null ? 0 : confirms.nextSeq();
    route(publish, exchange, properties, body, seq);
  }

  private void route(
      BasicMethod.Publish publish,
      Exchange exchange,
      BasicProperties properties,
      byte[] body,
      long seq) {
    Runnable onDurable = seq == 0 ? null : () -> durableNotice(seq);
    VirtualHost.Published result =
        vhost.publish(exchange, publish.routingKey(), properties, body, onDurable);
    if (!result.throttled().isEmpty()) {
      connection.throttle(result.throttled());
    }
    if (!result.routed() && publish.mandatory()) {
      connection.sendContent(
          id,
          new BasicMethod.Return(
              ReplyCode.NO_ROUTE.code(), "NO_ROUTE", exchange.name(), publish.routingKey()),
          properties,
          body);
    }
    if (seq != 0) {
      if (!result.accepted()) {
        confirms.complete(seq, false);
      } else if (!result.awaitsStore()) {
        confirms.complete(seq, true);
      }
      connection.confirmsPending(this);
    }
  }

  private void durableNotice(long seq) {
    durable.offer(seq);
    if (durableScheduled.compareAndSet(false, true)) {
      connection.execute(this::drainDurable);
    }
  }

  private void drainDurable() {
    durableScheduled.set(false);
    Long seq;
    while ((seq = durable.poll()) != null) {
      if (confirms != null) {
        confirms.complete(seq, true);
      }
    }
    if (open && confirms != null) {
      reportConfirms();
      connection.flushSoon();
    }
  }

  /** Sends the acks and nacks completed since the last report. */
  void reportConfirms() {
    if (confirms == null || !open) {
      return;
    }
    confirms.report(
        new ConfirmTracker.Sink() {
          @Override
          public void ack(long seq, boolean multiple) {
            connection.send(id, new BasicMethod.Ack(seq, multiple));
          }

          @Override
          public void nack(long seq, boolean multiple) {
            connection.send(id, new BasicMethod.Nack(seq, multiple, false));
          }
        });
  }

  private void commit() {
    requireTx();
    List<TxAction> actions = new ArrayList<>(tx);
    tx.clear();
    for (TxAction action : actions) {
      action.apply();
    }
    Runnable done = connection.suspendUntilDone(() -> connection.send(id, new TxMethod.CommitOk()));
    vhost.broker().store().sync(done);
  }

  private void requireTx() {
    if (tx == null) {
      throw new AmqpException(ReplyCode.PRECONDITION_FAILED, "channel is not transactional");
    }
  }

  // ---- deliveries and settlement ----

  private void drainInbox() {
    inboxScheduled.set(false);
    Delivery delivery;
    while ((delivery = inbox.poll()) != null) {
      ChannelConsumer consumer = delivery.consumer();
      QueueEntry entry = delivery.entry();
      byte[] body = entry.message().body();
      if (body != null && awaitingBodies.isEmpty()) {
        writeDelivery(consumer, entry, body);
        continue;
      }
      // A body only in the log is read off the event loop; deliveries behind it wait, so each
      // consumer still gets its queue's messages in order.
      AwaitingBody waiting = new AwaitingBody(consumer, entry, body);
      awaitingBodies.add(waiting);
      if (body == null) {
        vhost
            .broker()
            .readBodyAsync(
                entry.message(),
                read ->
                    connection.execute(
                        () -> {
                          waiting.body = read;
                          waiting.ready = true;
                          writeAwaiting();
                        }));
      }
    }
    finishDeliveries();
  }

  /** A delivery waiting for its body (or for an earlier one's) to be read from the log. */
  private static final class AwaitingBody {
    final ChannelConsumer consumer;
    final QueueEntry entry;
    byte[] body;
    boolean ready;

    AwaitingBody(ChannelConsumer consumer, QueueEntry entry, byte[] body) {
      this.consumer = consumer;
      this.entry = entry;
      this.body = body;
      this.ready = body != null;
    }
  }

  private void writeAwaiting() {
    while (!awaitingBodies.isEmpty() && awaitingBodies.peekFirst().ready) {
      AwaitingBody next = awaitingBodies.pollFirst();
      if (next.body == null) {
        // Broker.readBodyAsync has logged why; the message cannot be delivered.
        next.consumer.release();
        next.consumer.queue().settle(next.entry, false);
        continue;
      }
      writeDelivery(next.consumer, next.entry, next.body);
    }
    finishDeliveries();
  }

  private void writeDelivery(ChannelConsumer consumer, QueueEntry entry, byte[] body) {
    MessageQueue queue = consumer.queue();
    if (!open || consumer.cancelled()) {
      consumer.release();
      queue.requeue(List.of(entry));
      return;
    }
    long tag = nextDeliveryTag++;
    Message message = entry.message();
    connection.sendContent(
        id,
        new BasicMethod.Deliver(
            consumer.tag(), tag, entry.redelivered(), message.exchange(), message.routingKey()),
        message.properties(),
        body);
    wroteDeliveries = true;
    if (consumer.ackRequired()) {
      unacked.put(tag, new Unacked(queue, entry, consumer));
    } else {
      consumer.release();
      queue.settle(entry, false);
      if (!noAckWritten.contains(consumer)) {
        noAckWritten.add(consumer);
      }
    }
  }

  private void finishDeliveries() {
    if (wroteDeliveries) {
      wroteDeliveries = false;
      connection.noteDelivered();
      connection.flushSoon();
    }
    if (!noAckWritten.isEmpty()) {
      List<ChannelConsumer> written = new ArrayList<>(noAckWritten);
      noAckWritten.clear();
      for (ChannelConsumer consumer : written) {
        consumer.resumeIfStarved();
      }
    }
  }

  private void ack(long tag, boolean multiple) {
    List<Unacked> settled = take(tag, multiple);
    if (tx != null) {
      tx.add(() -> settleAll(settled, false, false));
      return;
    }
    settleAll(settled, false, false);
  }

  private void reject(long tag, boolean multiple, boolean requeue) {
    List<Unacked> settled = take(tag, multiple);
    if (tx != null) {
      tx.add(() -> settleAll(settled, true, requeue));
      return;
    }
    settleAll(settled, true, requeue);
  }

  /** Removes the unacked deliveries an ack/nack/reject names, or fails as RabbitMQ does. */
  private List<Unacked> take(long tag, boolean multiple) {
    if (multiple) {
      if (tag != 0 && !unacked.containsKey(tag)) {
        throw unknownTag(tag);
      }
      List<Unacked> taken = new ArrayList<>();
      Iterator<Map.Entry<Long, Unacked>> it = unacked.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Long, Unacked> e = it.next();
        if (tag != 0 && e.getKey() > tag) {
          break;
        }
        taken.add(e.getValue());
        it.remove();
      }
      return taken;
    }
    Unacked one = unacked.remove(tag);
    if (one == null) {
      throw unknownTag(tag);
    }
    return List.of(one);
  }

  private static AmqpException unknownTag(long tag) {
    return new AmqpException(ReplyCode.PRECONDITION_FAILED, "unknown delivery tag " + tag);
  }

  private void settleAll(List<Unacked> settled, boolean rejected, boolean requeue) {
    Map<MessageQueue, List<QueueEntry>> requeued = requeue ? new IdentityHashMap<>() : null;
    List<ChannelConsumer> touched = new ArrayList<>(2);
    for (Unacked u : settled) {
      if (u.consumer() != null) {
        u.consumer().release();
        if (!touched.contains(u.consumer())) {
          touched.add(u.consumer());
        }
      }
      if (requeue) {
        requeued.computeIfAbsent(u.queue(), q -> new ArrayList<>()).add(u.entry());
      } else {
        u.queue().settle(u.entry(), rejected);
      }
    }
    if (requeued != null) {
      requeued.forEach(MessageQueue::requeue);
    }
    for (ChannelConsumer consumer : touched) {
      consumer.resumeIfStarved();
    }
    if (globalPrefetch > 0) {
      resumeConsumers();
    }
  }

  private void recover() {
    List<Unacked> all = new ArrayList<>(unacked.values());
    unacked.clear();
    settleAll(all, false, true);
  }

  private void resumeConsumers() {
    for (ChannelConsumer consumer : consumers.values()) {
      consumer.resumeIfStarved();
    }
  }

  /** The connection became writable again: no-ack consumers may take more. */
  void writable() {
    resumeConsumers();
  }

  /**
   * Releases everything the channel holds: consumers leave their queues and unacked deliveries go
   * back, marked redelivered. Idempotent.
   */
  void close() {
    if (!open) {
      return;
    }
    open = false;
    for (ChannelConsumer consumer : consumers.values()) {
      consumer.cancel();
      consumer.queue().removeConsumer(consumer);
    }
    consumers.clear();
    List<Unacked> all = new ArrayList<>(unacked.values());
    unacked.clear();
    Map<MessageQueue, List<QueueEntry>> requeued = new IdentityHashMap<>();
    for (Unacked u : all) {
      requeued.computeIfAbsent(u.queue(), q -> new ArrayList<>()).add(u.entry());
    }
    requeued.forEach(MessageQueue::requeue);
    for (AwaitingBody waiting : awaitingBodies) {
      waiting.consumer.release();
      waiting.consumer.queue().requeue(List.of(waiting.entry));
    }
    awaitingBodies.clear();
    Delivery delivery;
    while ((delivery = inbox.poll()) != null) {
      delivery.consumer().release();
      delivery.consumer().queue().requeue(List.of(delivery.entry()));
    }
    if (tx != null) {
      tx.clear();
    }
  }

  /** Any deliveries queued after close go back too (the drain task may run after close). */
  int unackedCount() {
    return unacked.size();
  }
}
