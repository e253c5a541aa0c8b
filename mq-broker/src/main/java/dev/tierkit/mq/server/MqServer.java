package dev.tierkit.mq.server;

import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.launch.DaemonContext;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
import dev.tierkit.mq.broker.Broker;
import dev.tierkit.mq.broker.MessageQueue;
import dev.tierkit.mq.store.StoreStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ToLongFunction;

/**
 * The mq-broker daemon: the broker core recovered from its data directory, one AMQP listener (named
 * {@code amqp}) on the shared runtime, the resource alarm and the store's figures on {@code
 * /metrics}. On close, open connections get {@code connection.close} 320 and the message store
 * drains and forces everything it accepted before the process exits.
 */
public final class MqServer implements Daemon {
  /** The AMQP listener's name (tests look its port up by it). */
  public static final String LISTENER = "amqp";

  private final Broker broker;
  private final ServerContext server;
  private final Listener listener;
  private final ScheduledExecutorService timers;

  private MqServer(
      Broker broker, ServerContext server, Listener listener, ScheduledExecutorService timers) {
    this.broker = broker;
    this.server = server;
    this.listener = listener;
    this.timers = timers;
  }

  /** Opens the broker and binds the AMQP listener. */
  public static MqServer start(DaemonContext context, MqServerConfig config, String version) {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mq-timers");
              t.setDaemon(true);
              return t;
            });
    Broker broker;
    try {
      broker = Broker.open(config.broker(), timers, Clock.systemUTC());
    } catch (IOException e) {
      timers.shutdownNow();
      throw new UncheckedIOException(
          "cannot open the data directory " + config.broker().dataDir(), e);
    }
    try {
      DaemonRuntime runtime = context.runtime();
      ServerContext server = new ServerContext(broker, config, context.metrics(), version);
      registerMetrics(context.metrics(), broker);
      AdminApi.register(context.adminRoutes(), broker);
      Listener listener = runtime.bindTcp(LISTENER, config.address(), new AmqpInitializer(server));
      server.alarm().start(timers);
      return new MqServer(broker, server, listener, timers);
    } catch (RuntimeException | Error e) {
      broker.close();
      timers.shutdownNow();
      throw e;
    }
  }

  private static void registerMetrics(MetricRegistry registry, Broker broker) {
    registry.gauge(
        "tierkit_mq_queues", "Queues in all virtual hosts.", () -> broker.sumQueues(queue -> 1));
    registry.gauge(
        "tierkit_mq_messages_ready",
        "Messages ready for delivery in all queues.",
        () -> broker.sumQueues(MessageQueue::messageCount));
    registry.gauge(
        "tierkit_mq_consumers",
        "Consumers on all queues.",
        () -> broker.sumQueues(MessageQueue::consumerCount));
    registry.gauge(
        "tierkit_mq_message_memory_bytes",
        "Message body bytes held in memory by ready messages.",
        () -> broker.sumQueues(MessageQueue::memoryBytes));
    storeCounter(
        registry,
        broker,
        "tierkit_mq_store_records_total",
        "Records appended to the message log.",
        StoreStats::records);
    storeCounter(
        registry,
        broker,
        "tierkit_mq_store_bytes_total",
        "Bytes appended to the message log.",
        StoreStats::bytesAppended);
    storeCounter(
        registry,
        broker,
        "tierkit_mq_store_forces_total",
        "fsyncs of the message log.",
        StoreStats::forces);
    registry.gauge(
        "tierkit_mq_store_segments",
        "Live segments of the message log.",
        () -> broker.store().stats().liveSegments());
    registry.gauge(
        "tierkit_mq_store_disk_bytes",
        "Bytes of the message log on disk.",
        () -> broker.store().stats().bytesOnDisk());
  }

  private static void storeCounter(
      MetricRegistry registry,
      Broker broker,
      String name,
      String help,
      ToLongFunction<StoreStats> field) {
    registry.counterFunction(name, help, () -> field.applyAsLong(broker.store().stats()));
  }

  public Broker broker() {
    return broker;
  }

  public Listener listener() {
    return listener;
  }

  @Override
  public void close() {
    // The runtime has closed the connections by now; channels have put their unacked messages
    // back. What remains is to stop the timers and let the store write and force what it took.
    server.alarm().close();
    timers.shutdownNow();
    broker.close();
  }
}
