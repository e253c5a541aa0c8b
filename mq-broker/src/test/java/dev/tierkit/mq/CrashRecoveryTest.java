package dev.tierkit.mq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.tierkit.common.testing.DaemonProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as a child JVM, killed with SIGKILL and restarted on the same data directory: every
 * message it confirmed comes back, once, marked redelivered; durable definitions come back too.
 */
class CrashRecoveryTest {
  @TempDir Path dataDir;

  private DaemonProcess start() throws Exception {
    return DaemonProcess.start(
        MqBrokerCommand.class,
        List.of(),
        "--bind",
        "127.0.0.1",
        "--port",
        "0",
        "--admin-port",
        "0",
        "--threads",
        "2",
        "--data-dir",
        dataDir.toString(),
        "--segment-size",
        "1m");
  }

  private static ConnectionFactory factory(int port) {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5000);
    return factory;
  }

  private static void kill(DaemonProcess broker) throws Exception {
    broker.process().destroyForcibly();
    assertThat(broker.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Drains the queue with basic.get, counting each body and checking the redelivered flag. */
  private static Map<String, Integer> consumeAll(int port, String queue) throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    try (Connection connection = factory(port).newConnection();
        Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, false)) != null) {
        assertThat(response.getEnvelope().isRedeliver()).isTrue();
        seen.merge(new String(response.getBody(), UTF_8), 1, Integer::sum);
        channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
      }
    }
    return seen;
  }

  @Test
  void everyConfirmedMessageSurvivesAKillAfterTheConfirms() throws Exception {
    int count = 3000;
    try (DaemonProcess broker = start()) {
      int port = broker.port("amqp");
      try (Connection connection = factory(port).newConnection();
          Channel channel = connection.createChannel()) {
        channel.exchangeDeclare("orders", "topic", true);
        channel.queueDeclare("durable-q", true, false, false, null);
        channel.queueBind("durable-q", "orders", "order.#");
        channel.queueDeclare("transient-q", false, false, false, null);
        channel.confirmSelect();
        byte[] padding = new byte[1000];
        for (int i = 0; i < count; i++) {
          AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC;
          channel.basicPublish("orders", "order.new", props, ("m" + i).getBytes(UTF_8));
          channel.basicPublish("", "transient-q", props, padding);
        }
        channel.waitForConfirmsOrDie(20_000);
        // Consume and ack a few, which must not come back.
        for (int i = 0; i < 10; i++) {
          GetResponse got = channel.basicGet("durable-q", false);
          channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        }
        // The acks are in the log once a confirmed publish after them is.
        channel.basicPublish(
            "", "durable-q", MessageProperties.PERSISTENT_BASIC, "fence".getBytes(UTF_8));
        channel.waitForConfirmsOrDie(5_000);
      }
      kill(broker);
    }
    try (DaemonProcess broker = start()) {
      int port = broker.port("amqp");
      try (Connection connection = factory(port).newConnection();
          Channel channel = connection.createChannel()) {
        channel.exchangeDeclarePassive("orders");
        assertThat(channel.queueDeclarePassive("durable-q").getMessageCount())
            .isEqualTo(count - 10 + 1);
        assertThat(catchingNotFound(() -> factory(port), "transient-q")).isTrue();
        // The binding came back too.
        channel.confirmSelect();
        channel.basicPublish(
            "orders", "order.after", MessageProperties.PERSISTENT_BASIC, "after".getBytes(UTF_8));
        channel.waitForConfirmsOrDie(5_000);
      }
      Map<String, Integer> seen = consumeAllIgnoringRedelivered(port, "durable-q");
      assertThat(seen).hasSize(count - 10 + 2);
      assertThat(seen.values()).containsOnly(1);
      for (int i = 10; i < count; i++) {
        assertThat(seen).containsKey("m" + i);
      }
      assertThat(seen).containsKeys("fence", "after");
    }
  }

  private static boolean catchingNotFound(
      java.util.function.Supplier<ConnectionFactory> f, String queue) throws Exception {
    try (Connection connection = f.get().newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDeclarePassive(queue);
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static Map<String, Integer> consumeAllIgnoringRedelivered(int port, String queue)
      throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    try (Connection connection = factory(port).newConnection();
        Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, true)) != null) {
        seen.merge(new String(response.getBody(), UTF_8), 1, Integer::sum);
      }
    }
    return seen;
  }

  @Test
  void everyConfirmedMessageSurvivesAKillMidPublish() throws Exception {
    ConcurrentNavigableMap<Long, String> outstanding = new ConcurrentSkipListMap<>();
    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    try (DaemonProcess broker = start()) {
      int port = broker.port("amqp");
      Connection connection = factory(port).newConnection();
      Channel channel = connection.createChannel();
      channel.queueDeclare("mid-q", true, false, false, null);
      channel.confirmSelect();
      channel.addConfirmListener(
          (tag, multiple) -> {
            Map<Long, String> done =
                multiple ? outstanding.headMap(tag, true) : subMap(outstanding, tag);
            confirmed.addAll(done.values());
            done.clear();
          },
          (tag, multiple) -> {
            Map<Long, String> done =
                multiple ? outstanding.headMap(tag, true) : subMap(outstanding, tag);
            done.clear();
          });
      Thread publisher =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 1_000_000 && channel.isOpen(); i++) {
                    String body = "p" + i;
                    outstanding.put(channel.getNextPublishSeqNo(), body);
                    channel.basicPublish(
                        "", "mid-q", MessageProperties.PERSISTENT_BASIC, body.getBytes(UTF_8));
                    while (outstanding.size() > 500 && channel.isOpen()) {
                      Thread.onSpinWait();
                    }
                  }
                } catch (Exception e) {
                  // The broker was killed under the publisher: expected.
                }
              },
              "crash-test-publisher");
      publisher.setDaemon(true);
      publisher.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> confirmed.size() >= 3000);
      kill(broker);
      publisher.join(10_000);
      connection.abort();
    }
    assertThat(confirmed).hasSizeGreaterThanOrEqualTo(3000);
    try (DaemonProcess broker = start()) {
      int port = broker.port("amqp");
      Map<String, Integer> seen = consumeAll(port, "mid-q");
      assertThat(seen.keySet()).containsAll(confirmed);
      assertThat(seen.values()).containsOnly(1);
    }
  }

  @Test
  void aPurgeKeepsWhatWasOutWithAConsumerAcrossAKill() throws Exception {
    try (DaemonProcess broker = start()) {
      int port = broker.port("amqp");
      Connection connection = factory(port).newConnection();
      Channel channel = connection.createChannel();
      channel.queueDeclare("purged-q", true, false, false, null);
      channel.confirmSelect();
      for (int i = 0; i < 100; i++) {
        channel.basicPublish(
            "", "purged-q", MessageProperties.PERSISTENT_BASIC, ("q" + i).getBytes(UTF_8));
      }
      channel.waitForConfirmsOrDie(5_000);
      GetResponse held = channel.basicGet("purged-q", false);
      assertThat(new String(held.getBody(), UTF_8)).isEqualTo("q0");
      assertThat(channel.queuePurge("purged-q").getMessageCount()).isEqualTo(99);
      channel.basicPublish(
          "", "purged-q", MessageProperties.PERSISTENT_BASIC, "fence".getBytes(UTF_8));
      channel.waitForConfirmsOrDie(5_000);
      kill(broker);
      connection.abort();
    }
    try (DaemonProcess broker = start()) {
      Map<String, Integer> seen = consumeAllIgnoringRedelivered(broker.port("amqp"), "purged-q");
      assertThat(seen).containsOnlyKeys("q0", "fence");
    }
  }

  private static Map<Long, String> subMap(ConcurrentNavigableMap<Long, String> map, long tag) {
    return map.subMap(tag, true, tag, true);
  }
}
