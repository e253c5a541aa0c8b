package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.protocol.FieldCodec;
import dev.tierkit.mq.store.DefinitionChange;
import dev.tierkit.mq.store.DefinitionStore;
import dev.tierkit.mq.store.Definitions;
import dev.tierkit.mq.store.MessageRecord;
import dev.tierkit.mq.store.MessageStore;
import dev.tierkit.mq.store.RecoveredMessage;
import dev.tierkit.mq.store.StoreConfig;
import dev.tierkit.mq.store.StoredMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker core: virtual hosts over one message store and one definition store, opened from a
 * data directory and recovered from it. Knows nothing of sockets; the protocol layer drives it.
 *
 * <p>Start-up order: durable exchanges, queues and bindings come back from the definition store;
 * then the message store replays its log and each durable queue gets its surviving messages
 * (published and not acknowledged), marked redelivered, with bodies left on disk until delivered.
 * Messages of queues that no longer exist are discarded from the store.
 */
public final class Broker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Broker.class);

  private final BrokerConfig config;
  private final MessageStore store;
  private final DefinitionStore definitions;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final Map<String, VirtualHost> vhosts = new LinkedHashMap<>();
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread thread = new Thread(r, "mq-store-reader");
            thread.setDaemon(true);
            return thread;
          });

  private Broker(
      BrokerConfig config,
      MessageStore store,
      DefinitionStore definitions,
      ScheduledExecutorService timers,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.definitions = definitions;
    this.timers = timers;
    this.clock = clock;
    for (String name : config.vhosts()) {
      vhosts.put(name, new VirtualHost(this, name));
    }
  }

  /** Opens (and recovers) the stores under the config's data directory. */
  public static Broker open(BrokerConfig config, ScheduledExecutorService timers, Clock clock)
      throws IOException {
    Files.createDirectories(config.dataDir());
    long started = System.nanoTime();
    DefinitionStore definitions = DefinitionStore.open(config.dataDir());
    MessageStore store;
    try {
      store =
          MessageStore.open(
              new StoreConfig(config.dataDir(), config.fsync(), config.segmentBytes()));
    } catch (IOException | RuntimeException e) {
      definitions.close();
      throw e;
    }
    Broker broker = new Broker(config, store, definitions, timers, clock);
    try {
      int messages = broker.recover();
      log.info(
          "recovered {} durable messages from {} in {} ms",
          messages,
          config.dataDir(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    return broker;
  }

  private int recover() {
    Definitions recovered = definitions.recovered();
    for (DefinitionChange.ExchangeDeclared e : recovered.exchanges()) {
      VirtualHost vhost = vhosts.get(e.vhost());
      ExchangeType type = ExchangeType.fromWireName(e.type()).orElse(null);
      if (vhost == null || type == null) {
        log.warn("skipping recovered exchange '{}' in vhost '{}'", e.name(), e.vhost());
        continue;
      }
      vhost.recoverExchange(e.name(), type, e.autoDelete(), e.internal(), e.arguments());
    }
    Map<Integer, MessageQueue> byId = new HashMap<>();
    for (DefinitionChange.QueueDeclared q : recovered.queues()) {
      VirtualHost vhost = vhosts.get(q.vhost());
      if (vhost == null) {
        log.warn(
            "skipping recovered queue '{}': vhost '{}' is not configured", q.name(), q.vhost());
        continue;
      }
      byId.put(
          q.queueId(), vhost.recoverQueue(q.name(), q.queueId(), q.autoDelete(), q.arguments()));
    }
    for (DefinitionChange.BindingAdded b : recovered.bindings()) {
      VirtualHost vhost = vhosts.get(b.vhost());
      if (vhost != null) {
        vhost.recoverBinding(
            b.source(), b.toExchange(), b.destination(), b.routingKey(), b.arguments());
      }
    }
    int count = 0;
    // A copy: discardQueue removes from the store's live view.
    for (Map.Entry<Integer, List<RecoveredMessage>> entry :
        new ArrayList<>(store.recovered().entrySet())) {
      MessageQueue queue = byId.get(entry.getKey());
      if (queue == null) {
        store.discardQueue(entry.getKey());
        continue;
      }
      List<Message> messages = new ArrayList<>(entry.getValue().size());
      Map<String, String> interned = new HashMap<>();
      // The store shares one array among consecutive messages with the same properties; decode
      // such a run once.
      byte[] lastBytes = null;
      BasicProperties lastProperties = null;
      for (RecoveredMessage r : entry.getValue()) {
        if (r.properties() != lastBytes) {
          lastBytes = r.properties();
          lastProperties = decodeProperties(lastBytes);
        }
        messages.add(
            Message.recovered(
                interned.computeIfAbsent(r.exchange(), k -> k),
                interned.computeIfAbsent(r.routingKey(), k -> k),
                lastProperties,
                r.bodySize(),
                r.message()));
      }
      queue.recover(messages);
      count += messages.size();
    }
    store.releaseRecovered();
    return count;
  }

  private static BasicProperties decodeProperties(byte[] bytes) {
    return FieldCodec.readProperties(Unpooled.wrappedBuffer(bytes));
  }

  private static byte[] encodeProperties(BasicProperties properties) {
    ByteBuf buf = Unpooled.buffer(64);
    try {
      FieldCodec.writeProperties(buf, properties);
      return ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
  }

  /** The virtual host of that name, or null. */
  public VirtualHost vhost(String name) {
    return vhosts.get(name);
  }

  public Collection<VirtualHost> vhosts() {
    return vhosts.values();
  }

  /** A figure summed over every queue of every virtual host (metrics, the memory alarm). */
  public long sumQueues(ToLongFunction<MessageQueue> field) {
    long total = 0;
    for (VirtualHost vhost : vhosts.values()) {
      for (MessageQueue queue : vhost.queues()) {
        total += field.applyAsLong(queue);
      }
    }
    return total;
  }

  public BrokerConfig config() {
    return config;
  }

  public MessageStore store() {
    return store;
  }

  public Clock clock() {
    return clock;
  }

  ScheduledExecutorService timers() {
    return timers;
  }

  long queueMemoryLimit() {
    return config.queueMemoryLimit();
  }

  int nextQueueId() {
    return definitions.nextQueueId();
  }

  void persist(DefinitionChange change, Runnable done) {
    definitions.apply(change, done);
  }

  StoredMessage storePersistent(
      int[] queueIds,
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      Runnable onDurable) {
    return store.appendPersistent(
        queueIds,
        new MessageRecord(exchange, routingKey, encodeProperties(properties), body),
        onDurable == null ? () -> {} : onDurable);
  }

  StoredMessage storeTransient(Message message) {
    return store.appendTransient(
        1,
        new MessageRecord(
            message.exchange(),
            message.routingKey(),
            encodeProperties(message.properties()),
            message.body()),
        () -> {});
  }

  void releaseStored(int storeId, StoredMessage stored) {
    // A transient page belongs to no durable queue; the store only counts its reference down.
    store.remove(stored.isPersistent() ? storeId : 0, stored);
  }

  void purgeStored(int storeId, List<StoredMessage> handles) {
    if (storeId >= 0) {
      store.purge(storeId, handles);
    } else {
      for (StoredMessage handle : handles) {
        releaseStored(storeId, handle);
      }
    }
  }

  /**
   * Hands {@code done} the message's body, at once if it is in memory, else after reading it from
   * the store on the reader thread (so an event loop never waits on the disk); null if the read
   * failed, which is logged.
   */
  public void readBodyAsync(Message message, Consumer<byte[]> done) {
    byte[] body = message.body();
    if (body != null) {
      done.accept(body);
      return;
    }
    reader.execute(
        () -> {
          byte[] read;
          try {
            read = store.read(message.stored()).body();
          } catch (IOException | RuntimeException e) {
            log.error("cannot read message {} back from the store", message.stored(), e);
            read = null;
          }
          done.accept(read);
        });
  }

  @Override
  public void close() {
    reader.shutdownNow();
    try {
      store.close();
    } finally {
      definitions.close();
    }
  }
}
