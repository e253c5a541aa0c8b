package dev.tierkit.mq.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A consumer that acks from worker threads while its connection is aborted mid-stream, as a worker
 * stopping does: every message is either acked by it or delivered to the next consumer.
 */
class AbortedConsumerRequeueTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @Test
  void everyMessageIsAckedOrRedeliveredAfterAnAbortedConsumer() throws Exception {
    for (int round = 0; round < 20; round++) {
      String queue = "jobs-" + round;
      int total = 60;
      try (Connection publisher = broker.connect()) {
        Channel ch = publisher.createChannel();
        ch.queueDeclare(queue, true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < total; i++) {
          ch.basicPublish(
              "",
              queue,
              MessageProperties.PERSISTENT_BASIC,
              Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        ch.waitForConfirmsOrDie(5000);
      }

      Set<String> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger seen = new AtomicInteger();
      ExecutorService workers = Executors.newFixedThreadPool(2);
      Connection first = broker.connect();
      Channel c1 = first.createChannel();
      c1.basicQos(4);
      int abortAfter = 5 + round;
      c1.basicConsume(
          queue,
          false,
          new DefaultConsumer(c1) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
              seen.incrementAndGet();
              String id = new String(body, StandardCharsets.UTF_8);
              workers.execute(
                  () -> {
                    try {
                      TimeUnit.MILLISECONDS.sleep(3);
                      synchronized (c1) {
                        c1.basicAck(envelope.getDeliveryTag(), false);
                      }
                      acked.add(id);
                    } catch (Exception e) {
                      // The connection went: the broker must redeliver it.
                    }
                  });
            }
          });
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.get() >= abortAfter);
      first.abort();
      workers.shutdown();
      workers.awaitTermination(5, TimeUnit.SECONDS);

      Set<String> redelivered = ConcurrentHashMap.newKeySet();
      try (Connection second = broker.connect()) {
        Channel c2 = second.createChannel();
        c2.basicConsume(
            queue,
            true,
            new DefaultConsumer(c2) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                redelivered.add(new String(body, StandardCharsets.UTF_8));
              }
            });
        int r = round;
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> {
                  Set<String> all = ConcurrentHashMap.newKeySet();
                  all.addAll(acked);
                  all.addAll(redelivered);
                  assertThat(all).as("round %d", r).hasSize(total);
                });
      }
    }
  }

  @Test
  void messagesConfirmedWhileTheConsumerIsAbortedAreAckedOrRedelivered() throws Exception {
    for (int round = 0; round < 10; round++) {
      String queue = "live-" + round;
      Set<String> confirmed = ConcurrentHashMap.newKeySet();
      Set<String> acked = ConcurrentHashMap.newKeySet();
      AtomicInteger seen = new AtomicInteger();
      ExecutorService workers = Executors.newFixedThreadPool(2);
      try (Connection publisher = broker.connect()) {
        Channel pub = publisher.createChannel();
        pub.queueDeclare(queue, true, false, false, null);
        pub.confirmSelect();
        Connection first = broker.connect();
        Channel c1 = first.createChannel();
        c1.basicQos(4);
        c1.basicConsume(
            queue,
            false,
            new DefaultConsumer(c1) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                seen.incrementAndGet();
                String id = new String(body, StandardCharsets.UTF_8);
                workers.execute(
                    () -> {
                      try {
                        TimeUnit.MILLISECONDS.sleep(2);
                        synchronized (c1) {
                          c1.basicAck(envelope.getDeliveryTag(), false);
                        }
                        acked.add(id);
                      } catch (Exception e) {
                        // The connection went: the broker must redeliver it.
                      }
                    });
              }
            });
        // Publish one at a time, each confirmed, and abort the consumer partway through.
        for (int i = 0; i < 80; i++) {
          String id = Integer.toString(i);
          pub.basicPublish(
              "", queue, MessageProperties.PERSISTENT_BASIC, id.getBytes(StandardCharsets.UTF_8));
          pub.waitForConfirmsOrDie(5000);
          confirmed.add(id);
          if (i == 30 + round) {
            first.abort();
          }
        }
      }
      workers.shutdown();
      workers.awaitTermination(5, TimeUnit.SECONDS);
      Set<String> redelivered = ConcurrentHashMap.newKeySet();
      try (Connection second = broker.connect()) {
        Channel c2 = second.createChannel();
        c2.basicConsume(
            queue,
            true,
            new DefaultConsumer(c2) {
              @Override
              public void handleDelivery(
                  String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                redelivered.add(new String(body, StandardCharsets.UTF_8));
              }
            });
        int r = round;
        await()
            .atMost(Duration.ofSeconds(5))
            .untilAsserted(
                () -> {
                  Set<String> all = ConcurrentHashMap.newKeySet();
                  all.addAll(acked);
                  all.addAll(redelivered);
                  assertThat(all).as("round %d", r).containsAll(confirmed);
                });
      }
    }
  }
}
