package dev.tierkit.mq.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The six classic RabbitMQ tutorials, run with the RabbitMQ Java client against mq-broker. */
class TutorialsTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  private static String take(BlockingQueue<String> queue) throws InterruptedException {
    String value = queue.poll(5, TimeUnit.SECONDS);
    assertThat(value).as("a message within 5 s").isNotNull();
    return value;
  }

  @Test
  void helloWorldSendsOneMessageThroughTheDefaultExchange() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      AMQP.Queue.DeclareOk ok = channel.queueDeclare("hello", false, false, false, null);
      assertThat(ok.getQueue()).isEqualTo("hello");
      channel.basicPublish("", "hello", null, "Hello World!".getBytes(UTF_8));
      BlockingQueue<String> received = new LinkedBlockingQueue<>();
      channel.basicConsume(
          "hello",
          true,
          (tag, delivery) -> received.add(new String(delivery.getBody(), UTF_8)),
          tag -> {});
      assertThat(take(received)).isEqualTo("Hello World!");
      channel.queueDelete("hello");
    }
  }

  @Test
  void workQueuesWithPrefetchOneGiveTheIdleWorkerTheNextTask() throws Exception {
    try (Connection connection = broker.connect()) {
      Channel producer = connection.createChannel();
      producer.queueDeclare("task_queue", true, false, false, null);
      producer.queuePurge("task_queue");
      Map<String, String> doneBy = new ConcurrentHashMap<>();
      AtomicInteger slowCount = new AtomicInteger();
      AtomicInteger fastCount = new AtomicInteger();
      List<Channel> workers = new ArrayList<>();
      for (String name : List.of("slow", "fast")) {
        Channel worker = connection.createChannel();
        worker.basicQos(1);
        worker.basicConsume(
            "task_queue",
            false,
            (tag, delivery) -> {
              String task = new String(delivery.getBody(), UTF_8);
              if (name.equals("slow")) {
                slowCount.incrementAndGet();
                sleep(300);
              } else {
                fastCount.incrementAndGet();
              }
              String previous = doneBy.put(task, name);
              assertThat(previous).isNull();
              worker.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
            },
            tag -> {});
        workers.add(worker);
      }
      for (int i = 0; i < 20; i++) {
        producer.basicPublish(
            "",
            "task_queue",
            MessageProperties.PERSISTENT_TEXT_PLAIN,
            ("task " + i).getBytes(UTF_8));
      }
      org.awaitility.Awaitility.await()
          .atMost(10, TimeUnit.SECONDS)
          .until(() -> doneBy.size() == 20);
      assertThat(fastCount.get()).isGreaterThan(slowCount.get());
      for (Channel worker : workers) {
        worker.close();
      }
      assertThat(producer.queueDeclarePassive("task_queue").getMessageCount()).isZero();
      producer.queueDelete("task_queue");
    }
  }

  @Test
  void fanoutReachesEveryServerNamedExclusiveQueue() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("logs", BuiltinExchangeType.FANOUT);
      List<BlockingQueue<String>> receivers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String queue = channel.queueDeclare().getQueue();
        assertThat(queue).startsWith("amq.gen-");
        channel.queueBind(queue, "logs", "");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        channel.basicConsume(
            queue, true, (tag, d) -> received.add(new String(d.getBody(), UTF_8)), tag -> {});
        receivers.add(received);
      }
      channel.basicPublish("logs", "", null, "info: hello".getBytes(UTF_8));
      for (BlockingQueue<String> received : receivers) {
        assertThat(take(received)).isEqualTo("info: hello");
      }
      channel.exchangeDelete("logs");
    }
  }

  @Test
  void directRoutingDeliversBySeverity() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("direct_logs", BuiltinExchangeType.DIRECT);
      String errors = channel.queueDeclare().getQueue();
      channel.queueBind(errors, "direct_logs", "error");
      String all = channel.queueDeclare().getQueue();
      for (String severity : List.of("info", "warning", "error")) {
        channel.queueBind(all, "direct_logs", severity);
      }
      for (String severity : List.of("info", "warning", "error", "debug")) {
        channel.basicPublish("direct_logs", severity, null, severity.getBytes(UTF_8));
      }
      assertThat(drain(channel, errors)).containsExactly("error");
      assertThat(drain(channel, all)).containsExactly("info", "warning", "error");
      channel.exchangeDelete("direct_logs");
    }
  }

  @Test
  void topicRoutingMatchesStarAndHash() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("topic_logs", BuiltinExchangeType.TOPIC);
      String q1 = channel.queueDeclare().getQueue();
      channel.queueBind(q1, "topic_logs", "*.orange.*");
      String q2 = channel.queueDeclare().getQueue();
      channel.queueBind(q2, "topic_logs", "*.*.rabbit");
      channel.queueBind(q2, "topic_logs", "lazy.#");
      for (String key :
          List.of(
              "quick.orange.rabbit",
              "lazy.orange.elephant",
              "quick.orange.fox",
              "lazy.brown.fox",
              "lazy.pink.rabbit",
              "quick.brown.fox",
              "orange",
              "quick.orange.male.rabbit",
              "lazy.orange.male.rabbit",
              "lazy")) {
        channel.basicPublish("topic_logs", key, null, key.getBytes(UTF_8));
      }
      assertThat(drain(channel, q1))
          .containsExactly("quick.orange.rabbit", "lazy.orange.elephant", "quick.orange.fox");
      assertThat(drain(channel, q2))
          .containsExactly(
              "quick.orange.rabbit",
              "lazy.orange.elephant",
              "lazy.brown.fox",
              "lazy.pink.rabbit",
              "lazy.orange.male.rabbit",
              "lazy");
      channel.exchangeDelete("topic_logs");
    }
  }

  @Test
  void rpcRepliesToReplyToWithTheCorrelationId() throws Exception {
    try (Connection connection = broker.connect();
        Channel server = connection.createChannel();
        Channel client = connection.createChannel()) {
      server.queueDeclare("rpc_queue", false, false, false, null);
      server.queuePurge("rpc_queue");
      server.basicQos(1);
      server.basicConsume(
          "rpc_queue",
          false,
          (tag, delivery) -> {
            AMQP.BasicProperties reply =
                new AMQP.BasicProperties.Builder()
                    .correlationId(delivery.getProperties().getCorrelationId())
                    .build();
            int n = Integer.parseInt(new String(delivery.getBody(), UTF_8));
            server.basicPublish(
                "",
                delivery.getProperties().getReplyTo(),
                reply,
                Integer.toString(fib(n)).getBytes(UTF_8));
            server.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
          },
          tag -> {});
      String callback = client.queueDeclare().getQueue();
      BlockingQueue<String> replies = new LinkedBlockingQueue<>();
      Set<String> correlations = Collections.newSetFromMap(new ConcurrentHashMap<>());
      client.basicConsume(
          callback,
          true,
          (tag, delivery) -> {
            correlations.add(delivery.getProperties().getCorrelationId());
            replies.add(new String(delivery.getBody(), UTF_8));
          },
          tag -> {});
      AMQP.BasicProperties request =
          new AMQP.BasicProperties.Builder().correlationId("c-30").replyTo(callback).build();
      client.basicPublish("", "rpc_queue", request, "30".getBytes(UTF_8));
      assertThat(take(replies)).isEqualTo("832040");
      assertThat(correlations).containsExactly("c-30");
      server.queueDelete("rpc_queue");
    }
  }

  static List<String> drain(Channel channel, String queue) throws Exception {
    List<String> out = new ArrayList<>();
    GetResponse response;
    while ((response = channel.basicGet(queue, true)) != null) {
      out.add(new String(response.getBody(), UTF_8));
    }
    return out;
  }

  private static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
