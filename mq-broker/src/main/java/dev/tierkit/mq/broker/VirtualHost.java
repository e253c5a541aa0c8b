package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.protocol.ReplyCode;
import dev.tierkit.mq.store.DefinitionChange;
import dev.tierkit.mq.store.StoredMessage;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual host: its exchanges (the default exchange and the {@code amq.*} set are always there),
 * its queues and the bindings between them, with RabbitMQ's rules and reply texts for declaring,
 * deleting and binding.
 *
 * <p>Lookups and routing read concurrent maps and need no lock; every change of the topology runs
 * under this object's monitor, and a queue's own lock is only ever taken inside it, never the other
 * way round. Durable changes are written to the definition store and the caller's {@code done} runs
 * once they are on disk, so a client's declare-ok means the declaration survives a crash.
 */
public final class VirtualHost {
  private static final Logger log = LoggerFactory.getLogger(VirtualHost.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Broker broker;
  private final String name;
  private final Map<String, Exchange> exchanges = new ConcurrentHashMap<>();
  private final Map<String, MessageQueue> queues = new ConcurrentHashMap<>();

  VirtualHost(Broker broker, String name) {
    this.broker = broker;
    this.name = Objects.requireNonNull(name, "name");
    predeclare("", ExchangeType.DIRECT, false);
    predeclare("amq.direct", ExchangeType.DIRECT, false);
    predeclare("amq.fanout", ExchangeType.FANOUT, false);
    predeclare("amq.topic", ExchangeType.TOPIC, false);
    predeclare("amq.headers", ExchangeType.HEADERS, false);
    predeclare("amq.match", ExchangeType.HEADERS, false);
    predeclare("amq.rabbitmq.trace", ExchangeType.TOPIC, true);
  }

  private void predeclare(String exchange, ExchangeType type, boolean internal) {
    exchanges.put(exchange, new Exchange(exchange, type, true, false, internal, Map.of()));
  }

  public String name() {
    return name;
  }

  public Broker broker() {
    return broker;
  }

  /** The exchange of that name, or null. */
  public Exchange exchange(String exchangeName) {
    return exchanges.get(exchangeName);
  }

  /** The queue of that name, or null. */
  public MessageQueue queue(String queueName) {
    return queues.get(queueName);
  }

  public Collection<MessageQueue> queues() {
    return queues.values();
  }

  public Collection<Exchange> exchanges() {
    return exchanges.values();
  }

  private String where() {
    return " in vhost '" + name + "'";
  }

  private AmqpException noExchange(String exchangeName) {
    return AmqpException.notFound("no exchange '" + exchangeName + "'" + where());
  }

  private AmqpException noQueue(String queueName) {
    return AmqpException.notFound("no queue '" + queueName + "'" + where());
  }

  /** The exchange, or NOT_FOUND as RabbitMQ raises it. */
  public Exchange existingExchange(String exchangeName) {
    Exchange exchange = exchanges.get(exchangeName);
    if (exchange == null) {
      throw noExchange(exchangeName);
    }
    return exchange;
  }

  /** The queue, usable from {@code connection}, or NOT_FOUND / RESOURCE_LOCKED. */
  public MessageQueue existingQueue(String queueName, Object connection) {
    MessageQueue queue = queues.get(queueName);
    if (queue == null) {
      throw noQueue(queueName);
    }
    checkExclusive(queue, connection);
    return queue;
  }

  private void checkExclusive(MessageQueue queue, Object connection) {
    if (!queue.accessibleFrom(connection)) {
      throw lockedQueue(queue);
    }
  }

  private AmqpException lockedQueue(MessageQueue queue) {
    return AmqpException.resourceLocked(
        "cannot obtain exclusive access to locked queue '"
            + queue.name()
            + "'"
            + where()
            + ". It could be originally declared on another connection or the exclusive"
            + " property value does not match that of the original declaration.");
  }

  // ---- exchanges ----

  /** {@code exchange.declare}; {@code done} runs when the declaration is safe to confirm. */
  public Exchange declareExchange(
      String exchangeName,
      String typeName,
      boolean passive,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments,
      Runnable done) {
    if (passive) {
      Exchange existing = existingExchange(exchangeName);
      done.run();
      return existing;
    }
    if (exchangeName.isEmpty()) {
      throw AmqpException.accessRefused("operation not permitted on the default exchange");
    }
    ExchangeType type =
        ExchangeType.fromWireName(typeName)
            .orElseThrow(
                () ->
                    new AmqpException(
                        ReplyCode.COMMAND_INVALID, "unknown exchange type '" + typeName + "'"));
    synchronized (this) {
      Exchange existing = exchanges.get(exchangeName);
      if (existing != null) {
        checkExchangeEquivalent(existing, type, durable, autoDelete, internal, arguments);
        done.run();
        return existing;
      }
      if (exchangeName.startsWith("amq.")) {
        throw AmqpException.accessRefused(
            "exchange name '" + exchangeName + "' contains reserved prefix 'amq.*'");
      }
      Exchange created = new Exchange(exchangeName, type, durable, autoDelete, internal, arguments);
      exchanges.put(exchangeName, created);
      if (durable) {
        broker.persist(
            new DefinitionChange.ExchangeDeclared(
                name, exchangeName, type.wireName(), autoDelete, internal, arguments),
            done);
      } else {
        done.run();
      }
      return created;
    }
  }

  private void checkExchangeEquivalent(
      Exchange existing,
      ExchangeType type,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments) {
    try {
      Equivalence.checkExchange(
          name,
          existing.name(),
          existing.type(),
          existing.durable(),
          existing.autoDelete(),
          existing.internal(),
          existing.arguments(),
          type,
          durable,
          autoDelete,
          internal,
          arguments);
    } catch (ArgumentException e) {
      throw refusal(e);
    }
  }

  private static AmqpException refusal(ArgumentException e) {
    return new AmqpException(e.reply(), e.explanation());
  }

  /** {@code exchange.delete}; deleting an exchange that is not there succeeds, as in RabbitMQ. */
  public void deleteExchange(String exchangeName, boolean ifUnused, Runnable done) {
    if (exchangeName.isEmpty()) {
      throw AmqpException.accessRefused("operation not permitted on the default exchange");
    }
    if (exchangeName.startsWith("amq.") && exchanges.containsKey(exchangeName)) {
      throw AmqpException.accessRefused(
          "deletion of system exchange '" + exchangeName + "'" + where() + " not allowed");
    }
    synchronized (this) {
      Exchange exchange = exchanges.get(exchangeName);
      if (exchange == null) {
        done.run();
        return;
      }
      if (ifUnused && !exchange.bindings().isEmpty()) {
        throw AmqpException.preconditionFailed(
            "exchange '" + exchangeName + "'" + where() + " in use");
      }
      removeExchange(exchange, done);
    }
  }

  private void removeExchange(Exchange exchange, Runnable done) {
    exchanges.remove(exchange.name());
    List<Exchange> emptied = unbindEverywhere(exchange);
    if (exchange.durable()) {
      broker.persist(new DefinitionChange.ExchangeDeleted(name, exchange.name()), done);
    } else {
      done.run();
    }
    for (Exchange e : emptied) {
      removeExchange(e, () -> {});
    }
  }

  /**
   * Removes every binding to {@code destination}; returns the auto-delete exchanges that this left
   * without bindings, for the caller to delete once its own change is done.
   */
  private List<Exchange> unbindEverywhere(BindingDestination destination) {
    List<Exchange> emptied = new ArrayList<>();
    for (Exchange source : exchanges.values()) {
      if (source.bindings().hasBindingsTo(destination)) {
        source.bindings().removeDestination(destination);
        if (source.autoDelete() && source.bindings().isEmpty()) {
          emptied.add(source);
        }
      }
    }
    return emptied;
  }

  // ---- queues ----

  /** What {@code queue.declare} answers with. */
  public record QueueDeclared(MessageQueue queue, int messageCount, int consumerCount) {}

  /** {@code queue.declare}; an empty name gets a server-generated {@code amq.gen-} name. */
  public QueueDeclared declareQueue(
      String queueName,
      boolean passive,
      boolean durable,
      boolean exclusive,
      boolean autoDelete,
      Map<String, Object> arguments,
      Object connection,
      Runnable done) {
    if (passive) {
      MessageQueue existing = existingQueue(queueName, connection);
      existing.touch();
      done.run();
      return new QueueDeclared(existing, existing.messageCount(), existing.consumerCount());
    }
    String actualName = queueName.isEmpty() ? generatedName() : queueName;
    synchronized (this) {
      MessageQueue existing = queues.get(actualName);
      if (existing != null) {
        checkExclusive(existing, connection);
        if (existing.exclusive() != exclusive) {
          throw lockedQueue(existing);
        }
        try {
          Equivalence.checkQueue(
              name,
              actualName,
              existing.durable(),
              existing.autoDelete(),
              existing.rawArguments(),
              durable,
              autoDelete,
              arguments);
        } catch (ArgumentException e) {
          throw refusal(e);
        }
        existing.touch();
        done.run();
        return new QueueDeclared(existing, existing.messageCount(), existing.consumerCount());
      }
      if (actualName.startsWith("amq.") && !queueName.isEmpty()) {
        throw AmqpException.accessRefused(
            "queue name '" + actualName + "' contains reserved prefix 'amq.*'");
      }
      QueueArguments parsed;
      try {
        parsed = QueueArguments.parse(name, actualName, arguments);
      } catch (ArgumentException e) {
        throw refusal(e);
      }
      boolean persisted = durable && !exclusive;
      int storeId = persisted ? broker.nextQueueId() : -1;
      MessageQueue created =
          new MessageQueue(
              this,
              actualName,
              durable,
              exclusive,
              autoDelete,
              exclusive ? connection : null,
              arguments,
              parsed,
              storeId);
      queues.put(actualName, created);
      created.touch();
      if (persisted) {
        broker.persist(
            new DefinitionChange.QueueDeclared(name, actualName, storeId, autoDelete, arguments),
            done);
      } else {
        done.run();
      }
      return new QueueDeclared(created, 0, 0);
    }
  }

  /** A queue recovered from the definition store at start. */
  synchronized MessageQueue recoverQueue(
      String queueName, int storeId, boolean autoDelete, Map<String, Object> arguments) {
    QueueArguments parsed;
    try {
      parsed = QueueArguments.parse(name, queueName, arguments);
    } catch (ArgumentException e) {
      log.warn(
          "recovered queue '{}' has arguments no longer valid: {}", queueName, e.explanation());
      try {
        parsed = QueueArguments.parse(name, queueName, Map.of());
      } catch (ArgumentException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    MessageQueue queue =
        new MessageQueue(
            this, queueName, true, false, autoDelete, null, arguments, parsed, storeId);
    queues.put(queueName, queue);
    return queue;
  }

  /** A durable exchange recovered from the definition store at start. */
  synchronized void recoverExchange(
      String exchangeName,
      ExchangeType type,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments) {
    exchanges.putIfAbsent(
        exchangeName, new Exchange(exchangeName, type, true, autoDelete, internal, arguments));
  }

  private static String generatedName() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "amq.gen-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** {@code queue.delete}; returns the ready count. A missing queue deletes as an empty one. */
  public int deleteQueue(
      String queueName, boolean ifUnused, boolean ifEmpty, Object connection, Runnable done) {
    synchronized (this) {
      MessageQueue queue = queues.get(queueName);
      if (queue == null) {
        done.run();
        return 0;
      }
      checkExclusive(queue, connection);
      if (ifUnused && queue.consumerCount() > 0) {
        throw AmqpException.preconditionFailed("queue '" + queueName + "'" + where() + " in use");
      }
      if (ifEmpty && queue.messageCount() > 0) {
        throw AmqpException.preconditionFailed(
            "queue '" + queueName + "'" + where() + " not empty");
      }
      return removeQueue(queue, done);
    }
  }

  /** Deletes a queue for the broker's own reasons: auto-delete, x-expires, its owner closing. */
  void deleteQueueQuietly(MessageQueue queue) {
    synchronized (this) {
      if (queues.get(queue.name()) == queue) {
        removeQueue(queue, () -> {});
      }
    }
  }

  private int removeQueue(MessageQueue queue, Runnable done) {
    queues.remove(queue.name());
    List<Exchange> emptied = unbindEverywhere(queue);
    int count = queue.markDeleted();
    if (queue.storeId() >= 0) {
      broker.persist(new DefinitionChange.QueueDeleted(name, queue.name()), done);
    } else {
      done.run();
    }
    for (Exchange exchange : emptied) {
      removeExchange(exchange, () -> {});
    }
    return count;
  }

  /** Deletes the exclusive queues a closing connection owned. */
  public void connectionClosed(Object connection) {
    for (MessageQueue queue : queues.values()) {
      if (queue.exclusive() && queue.owner() == connection) {
        deleteQueueQuietly(queue);
      }
    }
  }

  // ---- bindings ----

  /** {@code queue.bind}. */
  public void bindQueue(
      String queueName,
      String exchangeName,
      String routingKey,
      Map<String, Object> arguments,
      Object connection,
      Runnable done) {
    synchronized (this) {
      MessageQueue queue = existingQueue(queueName, connection);
      Exchange exchange = bindableExchange(exchangeName);
      bind(exchange, queue, routingKey, arguments, done);
    }
  }

  /** {@code queue.unbind}; unbinding what is not bound succeeds. */
  public void unbindQueue(
      String queueName,
      String exchangeName,
      String routingKey,
      Map<String, Object> arguments,
      Object connection,
      Runnable done) {
    synchronized (this) {
      MessageQueue queue = existingQueue(queueName, connection);
      Exchange exchange = bindableExchange(exchangeName);
      unbind(exchange, queue, routingKey, arguments, done);
    }
  }

  /** {@code exchange.bind}: messages reaching {@code source} also go to {@code destination}. */
  public void bindExchange(
      String destinationName,
      String sourceName,
      String routingKey,
      Map<String, Object> arguments,
      Runnable done) {
    synchronized (this) {
      Exchange destination = bindableExchange(destinationName);
      Exchange source = bindableExchange(sourceName);
      source.noteExchangeBinding();
      bind(source, destination, routingKey, arguments, done);
    }
  }

  /** {@code exchange.unbind}. */
  public void unbindExchange(
      String destinationName,
      String sourceName,
      String routingKey,
      Map<String, Object> arguments,
      Runnable done) {
    synchronized (this) {
      Exchange destination = bindableExchange(destinationName);
      Exchange source = bindableExchange(sourceName);
      unbind(source, destination, routingKey, arguments, done);
    }
  }

  private Exchange bindableExchange(String exchangeName) {
    if (exchangeName.isEmpty()) {
      throw AmqpException.accessRefused("operation not permitted on the default exchange");
    }
    return existingExchange(exchangeName);
  }

  private void bind(
      Exchange source,
      BindingDestination destination,
      String routingKey,
      Map<String, Object> arguments,
      Runnable done) {
    if (source.type() == ExchangeType.HEADERS) {
      try {
        HeadersPattern.validate(arguments);
      } catch (ArgumentException e) {
        throw refusal(e);
      }
    }
    boolean added = source.bindings().bind(routingKey, arguments, destination);
    if (added && persistent(source, destination)) {
      broker.persist(
          new DefinitionChange.BindingAdded(
              name,
              source.name(),
              destination instanceof Exchange,
              destination.name(),
              routingKey,
              arguments),
          done);
    } else {
      done.run();
    }
  }

  private void unbind(
      Exchange source,
      BindingDestination destination,
      String routingKey,
      Map<String, Object> arguments,
      Runnable done) {
    boolean removed = source.bindings().unbind(routingKey, arguments, destination);
    Runnable after = done;
    if (removed && source.autoDelete() && source.bindings().isEmpty()) {
      after =
          () -> {
            synchronized (this) {
              if (exchanges.get(source.name()) == source && source.bindings().isEmpty()) {
                removeExchange(source, () -> {});
              }
            }
            done.run();
          };
    }
    if (removed && persistent(source, destination)) {
      broker.persist(
          new DefinitionChange.BindingRemoved(
              name,
              source.name(),
              destination instanceof Exchange,
              destination.name(),
              routingKey,
              arguments),
          after);
    } else {
      after.run();
    }
  }

  private static boolean persistent(Exchange source, BindingDestination destination) {
    if (!source.durable() || !destination.durable()) {
      return false;
    }
    return !(destination instanceof MessageQueue queue) || queue.storeId() >= 0;
  }

  /** A binding recovered from the definition store; silently skipped if an end is missing. */
  synchronized void recoverBinding(
      String sourceName,
      boolean toExchange,
      String destinationName,
      String routingKey,
      Map<String, Object> arguments) {
    Exchange source = exchanges.get(sourceName);
    BindingDestination destination =
        toExchange ? exchanges.get(destinationName) : queues.get(destinationName);
    if (source == null || destination == null) {
      return;
    }
    if (toExchange) {
      source.noteExchangeBinding();
    }
    source.bindings().bind(routingKey, arguments, destination);
  }

  // ---- routing and publishing ----

  /**
   * The queues a message published to {@code exchange} reaches, each once, following
   * exchange-to-exchange bindings (each exchange visited once, so cycles end).
   */
  public List<MessageQueue> route(
      Exchange exchange, String routingKey, Map<String, Object> headers) {
    if (exchange.isDefault()) {
      MessageQueue queue = queues.get(routingKey);
      return queue == null ? List.of() : List.of(queue);
    }
    List<BindingDestination> direct = new ArrayList<>(4);
    exchange.routeOnce(routingKey, headers, direct);
    if (!exchange.hasExchangeBindings()) {
      List<MessageQueue> out = new ArrayList<>(direct.size());
      for (BindingDestination destination : direct) {
        if (destination instanceof MessageQueue queue) {
          out.add(queue);
        }
      }
      return out;
    }
    Set<MessageQueue> out = new LinkedHashSet<>();
    Set<Exchange> visited = new java.util.HashSet<>();
    visited.add(exchange);
    ArrayDeque<BindingDestination> pending = new ArrayDeque<>(direct);
    while (!pending.isEmpty()) {
      BindingDestination destination = pending.poll();
      if (destination instanceof MessageQueue queue) {
        out.add(queue);
      } else if (destination instanceof Exchange next && visited.add(next)) {
        List<BindingDestination> more = new ArrayList<>();
        next.routeOnce(routingKey, headers, more);
        pending.addAll(more);
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * How a publish went; {@code throttled} lists the queues now too far behind their consumers,
   * whose publisher should pause (see {@link MessageQueue#awaitFlow}).
   */
  public record Published(
      boolean routed, boolean accepted, boolean awaitsStore, List<MessageQueue> throttled) {}

  /**
   * Routes and enqueues one message. A persistent message reaching durable queues is written to the
   * message store first (so a purge or delete logged later always covers it) and {@code onDurable}
   * runs once it is on disk; otherwise {@code onDurable} is not called.
   */
  public Published publish(
      Exchange exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Runnable onDurable) {
    List<MessageQueue> targets = route(exchange, routingKey, headersOf(properties));
    if (targets.isEmpty()) {
      return new Published(false, true, false, List.of());
    }
    StoredMessage stored = null;
    if (properties.isPersistent()) {
      int durableCount = 0;
      for (MessageQueue queue : targets) {
        if (queue.storeId() >= 0) {
          durableCount++;
        }
      }
      if (durableCount > 0) {
        int[] ids = new int[durableCount];
        int i = 0;
        for (MessageQueue queue : targets) {
          if (queue.storeId() >= 0) {
            ids[i++] = queue.storeId();
          }
        }
        stored =
            broker.storePersistent(ids, exchange.name(), routingKey, properties, body, onDurable);
      }
    }
    Message message = new Message(exchange.name(), routingKey, properties, body, stored);
    boolean accepted = true;
    List<MessageQueue> throttled = List.of();
    for (MessageQueue queue : targets) {
      accepted &= queue.enqueue(message);
      if (queue.isOverloaded()) {
        if (throttled.isEmpty()) {
          throttled = new ArrayList<>(2);
        }
        throttled.add(queue);
      }
    }
    return new Published(true, accepted, stored != null, throttled);
  }

  private static Map<String, Object> headersOf(BasicProperties properties) {
    Map<String, Object> headers = properties.headers();
    return headers == null ? Map.of() : headers;
  }

  /**
   * Republishes an entry leaving {@code from} to its dead-letter exchange, with x-death, then runs
   * {@code settle} (which drops the old copy's log reference). A body kept only in the log is read
   * on the broker's reader thread first, so no event loop waits on the disk.
   */
  void deadLetter(MessageQueue from, QueueEntry entry, String reason, Runnable settle) {
    QueueArguments arguments = from.arguments();
    Exchange target = exchanges.get(arguments.deadLetterExchange());
    if (target == null) {
      settle.run();
      return;
    }
    Message message = entry.message();
    String routingKey =
        arguments.deadLetterRoutingKey() != null
            ? arguments.deadLetterRoutingKey()
            : message.routingKey();
    BasicProperties properties =
        DeathHeaders.record(
            message.properties(),
            from.name(),
            reason,
            message.exchange(),
            message.routingKey(),
            broker.clock().millis());
    broker.readBodyAsync(
        message,
        body -> {
          if (body == null) {
            log.error("dead-lettering from {} lost a message: cannot read its body", from);
          } else {
            publish(target, routingKey, properties, body, null);
          }
          settle.run();
        });
  }
}
