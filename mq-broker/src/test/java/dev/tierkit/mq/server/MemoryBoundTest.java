package dev.tierkit.mq.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import dev.tierkit.mq.broker.BrokerConfig;
import dev.tierkit.mq.broker.MessageQueue;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A queue longer than its memory limit keeps only entries in memory and reads bodies back from the
 * message store when it delivers them, for persistent and transient messages alike.
 */
class MemoryBoundTest {
  static final long LIMIT = 64 << 10;

  @RegisterExtension
  static final BrokerExtension broker =
      new BrokerExtension(
          config ->
              new MqServerConfig(
                  config.address(),
                  new BrokerConfig(
                      config.broker().dataDir(),
                      config.broker().fsync(),
                      config.broker().segmentBytes(),
                      LIMIT,
                      config.broker().vhosts()),
                  config.limits(),
                  config.users(),
                  config.guestFromAnywhere(),
                  config.handshakeTimeout(),
                  config.closeTimeout(),
                  config.memoryHighWatermark(),
                  config.diskFreeLimit()));

  private static byte[] body(int i) {
    byte[] body = new byte[1024];
    Arrays.fill(body, (byte) i);
    byte[] label = ("m" + i + ":").getBytes(UTF_8);
    System.arraycopy(label, 0, body, 0, label.length);
    return body;
  }

  private void fillAndDrain(String queueName, boolean durable) throws Exception {
    int count = 2000;
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare(queueName, durable, false, false, null);
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        channel.basicPublish(
            "",
            queueName,
            durable ? MessageProperties.PERSISTENT_BASIC : MessageProperties.BASIC,
            body(i));
      }
      channel.waitForConfirmsOrDie(10_000);
      MessageQueue queue = broker.server().broker().vhost("/").queue(queueName);
      assertThat(queue.messageCount()).isEqualTo(count);
      // Bodies are dropped at the queue's next dispatch once the store has written them (a
      // transient page may still be on its way to the log when the confirm arrives).
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(
              () -> {
                queue.dispatch();
                return queue.memoryBytes() <= LIMIT;
              });
      for (int i = 0; i < count; i++) {
        GetResponse got = channel.basicGet(queueName, true);
        assertThat(got).as("message %d", i).isNotNull();
        assertThat(got.getBody()).as("message %d", i).isEqualTo(body(i));
      }
      assertThat(channel.basicGet(queueName, true)).isNull();
      channel.queueDelete(queueName);
    }
  }

  @Test
  void aConsumerGetsPagedMessagesInOrder() throws Exception {
    int count = 2000;
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("paged-consumed", true, false, false, null);
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        channel.basicPublish("", "paged-consumed", MessageProperties.PERSISTENT_BASIC, body(i));
      }
      channel.waitForConfirmsOrDie(10_000);
      java.util.List<byte[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
      Channel consumer = connection.createChannel();
      consumer.basicQos(50);
      consumer.basicConsume(
          "paged-consumed",
          false,
          (tag, delivery) -> {
            received.add(delivery.getBody());
            consumer.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
          },
          tag -> {});
      await().atMost(10, TimeUnit.SECONDS).until(() -> received.size() == count);
      for (int i = 0; i < count; i++) {
        assertThat(received.get(i)).as("message %d", i).isEqualTo(body(i));
      }
      consumer.close();
      channel.queueDelete("paged-consumed");
    }
  }

  @Test
  void pagedMessagesAreDeadLetteredWithTheirBodies() throws Exception {
    int count = 2000;
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("paged-dead", true, false, false, null);
      channel.queueDeclare(
          "paged-ttl",
          true,
          false,
          false,
          java.util.Map.of(
              "x-message-ttl", 300,
              "x-dead-letter-exchange", "",
              "x-dead-letter-routing-key", "paged-dead"));
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        channel.basicPublish("", "paged-ttl", MessageProperties.PERSISTENT_BASIC, body(i));
      }
      channel.waitForConfirmsOrDie(10_000);
      await().atMost(10, TimeUnit.SECONDS).until(() -> channel.messageCount("paged-dead") == count);
      for (int i = 0; i < count; i++) {
        GetResponse got = channel.basicGet("paged-dead", true);
        assertThat(got.getBody()).as("message %d", i).isEqualTo(body(i));
      }
      channel.queueDelete("paged-ttl");
      channel.queueDelete("paged-dead");
    }
  }

  @Test
  void persistentMessagesBeyondTheLimitAreReadBackFromTheLog() throws Exception {
    fillAndDrain("paged-durable", true);
  }

  @Test
  void transientMessagesBeyondTheLimitArePagedToTheLog() throws Exception {
    fillAndDrain("paged-transient", false);
  }
}
