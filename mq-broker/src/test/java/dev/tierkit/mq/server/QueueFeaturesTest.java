package dev.tierkit.mq.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.Return;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Confirms, returns, TTL, length limits, dead-lettering and queue lifecycles, as RabbitMQ. */
class QueueFeaturesTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  @Test
  void confirmsArriveForPersistentMessagesInDurableQueues() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("confirmed", true, false, false, null);
      channel.queuePurge("confirmed");
      channel.confirmSelect();
      for (int i = 0; i < 500; i++) {
        channel.basicPublish(
            "", "confirmed", MessageProperties.PERSISTENT_BASIC, ("m" + i).getBytes(UTF_8));
      }
      assertThat(channel.waitForConfirms(5000)).isTrue();
      assertThat(channel.queueDeclarePassive("confirmed").getMessageCount()).isEqualTo(500);
      channel.queueDelete("confirmed");
    }
  }

  @Test
  void unroutableMandatoryMessageIsReturnedAndStillConfirmed() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      BlockingQueue<Return> returns = new LinkedBlockingQueue<>();
      channel.addReturnListener(returns::add);
      channel.confirmSelect();
      channel.basicPublish("amq.direct", "nobody", true, null, "lost".getBytes(UTF_8));
      Return returned = returns.poll(5, TimeUnit.SECONDS);
      assertThat(returned).isNotNull();
      assertThat(returned.getReplyCode()).isEqualTo(312);
      assertThat(returned.getReplyText()).isEqualTo("NO_ROUTE");
      assertThat(returned.getExchange()).isEqualTo("amq.direct");
      assertThat(returned.getRoutingKey()).isEqualTo("nobody");
      assertThat(new String(returned.getBody(), UTF_8)).isEqualTo("lost");
      assertThat(channel.waitForConfirms(5000)).isTrue();
    }
  }

  @Test
  void rejectPublishOverflowNacksThePublisher() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare(
          "bounded-reject",
          false,
          false,
          true,
          Map.of("x-max-length", 2, "x-overflow", "reject-publish"));
      channel.confirmSelect();
      BlockingQueue<Long> nacks = new LinkedBlockingQueue<>();
      channel.addConfirmListener((tag, multiple) -> {}, (tag, multiple) -> nacks.add(tag));
      for (int i = 1; i <= 3; i++) {
        channel.basicPublish("", "bounded-reject", null, ("m" + i).getBytes(UTF_8));
      }
      assertThat(nacks.poll(5, TimeUnit.SECONDS)).isEqualTo(3L);
      assertThat(TutorialsTest.drain(channel, "bounded-reject")).containsExactly("m1", "m2");
    }
  }

  @Test
  void dropHeadOverflowDeadLettersTheOldest() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("dlx-maxlen", BuiltinExchangeType.FANOUT, false, true, null);
      String dead = channel.queueDeclare().getQueue();
      channel.queueBind(dead, "dlx-maxlen", "");
      channel.queueDeclare(
          "bounded-drop",
          false,
          true,
          true,
          Map.of("x-max-length", 2, "x-dead-letter-exchange", "dlx-maxlen"));
      for (int i = 1; i <= 4; i++) {
        channel.basicPublish("", "bounded-drop", null, ("m" + i).getBytes(UTF_8));
      }
      assertThat(TutorialsTest.drain(channel, "bounded-drop")).containsExactly("m3", "m4");
      assertThat(TutorialsTest.drain(channel, dead)).containsExactly("m1", "m2");
    }
  }

  @Test
  void maxLengthBytesCountsBodies() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("bounded-bytes", false, true, true, Map.of("x-max-length-bytes", 10));
      for (String body : List.of("aaaa", "bbbb", "cccc")) {
        channel.basicPublish("", "bounded-bytes", null, body.getBytes(UTF_8));
      }
      assertThat(TutorialsTest.drain(channel, "bounded-bytes")).containsExactly("bbbb", "cccc");
    }
  }

  @Test
  void expiredMessagesAreDeadLetteredWithXDeath() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("dlx-ttl", BuiltinExchangeType.DIRECT, false, true, null);
      channel.queueDeclare("ttl-dead", false, true, true, null);
      channel.queueBind("ttl-dead", "dlx-ttl", "expired-key");
      channel.queueDeclare(
          "ttl-queue",
          false,
          true,
          true,
          Map.of(
              "x-message-ttl", 100,
              "x-dead-letter-exchange", "dlx-ttl",
              "x-dead-letter-routing-key", "expired-key"));
      channel.basicPublish("", "ttl-queue", null, "short-lived".getBytes(UTF_8));
      AMQP.BasicProperties perMessage = new AMQP.BasicProperties.Builder().expiration("50").build();
      channel.basicPublish("", "ttl-queue", perMessage, "shorter-lived".getBytes(UTF_8));
      GetResponse[] got = new GetResponse[2];
      await().atMost(5, TimeUnit.SECONDS).until(() -> channel.messageCount("ttl-dead") == 2);
      got[0] = channel.basicGet("ttl-dead", true);
      got[1] = channel.basicGet("ttl-dead", true);
      assertThat(new String(got[0].getBody(), UTF_8)).isEqualTo("short-lived");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> deaths =
          (List<Map<String, Object>>) got[0].getProps().getHeaders().get("x-death");
      assertThat(deaths).hasSize(1);
      assertThat(deaths.get(0).get("reason").toString()).isEqualTo("expired");
      assertThat(deaths.get(0).get("queue").toString()).isEqualTo("ttl-queue");
      assertThat(deaths.get(0).get("count")).isEqualTo(1L);
      assertThat(got[1].getProps().getExpiration()).isNull();
      assertThat(channel.messageCount("ttl-queue")).isZero();
    }
  }

  @Test
  void rejectedMessagesGoToTheDeadLetterExchange() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("rejects-dead", false, true, true, null);
      channel.queueDeclare(
          "rejecting",
          false,
          true,
          true,
          Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", "rejects-dead"));
      channel.basicPublish("", "rejecting", null, "no thanks".getBytes(UTF_8));
      GetResponse got = channel.basicGet("rejecting", false);
      channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
      GetResponse dead = channel.basicGet("rejects-dead", true);
      assertThat(new String(dead.getBody(), UTF_8)).isEqualTo("no thanks");
      assertThat(dead.getProps().getHeaders().get("x-first-death-reason").toString())
          .isEqualTo("rejected");
    }
  }

  @Test
  void nackWithRequeueRedeliversMarkedRedelivered() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("requeue", false, true, true, null);
      channel.basicPublish("", "requeue", null, "again".getBytes(UTF_8));
      channel.basicPublish("", "requeue", null, "later".getBytes(UTF_8));
      GetResponse first = channel.basicGet("requeue", false);
      assertThat(first.getEnvelope().isRedeliver()).isFalse();
      channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
      GetResponse again = channel.basicGet("requeue", true);
      assertThat(new String(again.getBody(), UTF_8)).isEqualTo("again");
      assertThat(again.getEnvelope().isRedeliver()).isTrue();
    }
  }

  @Test
  void unackedMessagesReturnWhenTheChannelCloses() throws Exception {
    try (Connection connection = broker.connect()) {
      Channel setup = connection.createChannel();
      setup.queueDeclare("returning", false, false, false, null);
      setup.queuePurge("returning");
      setup.basicPublish("", "returning", null, "held".getBytes(UTF_8));
      Channel consumer = connection.createChannel();
      BlockingQueue<Long> tags = new LinkedBlockingQueue<>();
      consumer.basicConsume(
          "returning", false, (tag, d) -> tags.add(d.getEnvelope().getDeliveryTag()), tag -> {});
      assertThat(tags.poll(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(setup.queueDeclarePassive("returning").getMessageCount()).isZero();
      consumer.close();
      GetResponse back = setup.basicGet("returning", true);
      assertThat(back).isNotNull();
      assertThat(back.getEnvelope().isRedeliver()).isTrue();
      setup.queueDelete("returning");
    }
  }

  @Test
  void exclusiveQueueGoesAwayWithItsConnection() throws Exception {
    String name;
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      name = channel.queueDeclare("", false, true, false, null).getQueue();
    }
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> broker.server().broker().vhost("/").queue(name) == null);
      assertThat(channel.isOpen()).isTrue();
    }
  }

  @Test
  void persistentMessagesInADurableExclusiveQueueAreConfirmedAndAcked() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("durable-exclusive", true, true, false, null);
      channel.queueDeclare("durable-shared", true, false, true, null);
      channel.queueBind("durable-exclusive", "amq.fanout", "");
      channel.queueBind("durable-shared", "amq.fanout", "");
      channel.confirmSelect();
      channel.basicPublish(
          "amq.fanout", "", MessageProperties.PERSISTENT_BASIC, "both".getBytes(UTF_8));
      assertThat(channel.waitForConfirms(5000)).isTrue();
      for (String queue : List.of("durable-exclusive", "durable-shared")) {
        GetResponse got = channel.basicGet(queue, false);
        assertThat(new String(got.getBody(), UTF_8)).isEqualTo("both");
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
      }
      channel.queueDelete("durable-shared");
      assertThat(channel.isOpen()).isTrue();
    }
  }

  @Test
  void autoDeleteQueueGoesAwayWithItsLastConsumer() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("auto-gone", false, false, true, null);
      String tag = channel.basicConsume("auto-gone", true, (t, d) -> {}, t -> {});
      channel.basicCancel(tag);
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> broker.server().broker().vhost("/").queue("auto-gone") == null);
    }
  }

  @Test
  void queueExpiresWhenUnused() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("expiring", false, false, false, Map.of("x-expires", 200));
      await()
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> broker.server().broker().vhost("/").queue("expiring") == null);
    }
  }

  @Test
  void deletingAQueueCancelsItsConsumers() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("cancelled", false, false, false, null);
      BlockingQueue<String> cancelled = new LinkedBlockingQueue<>();
      channel.basicConsume("cancelled", true, (t, d) -> {}, cancelled::add);
      try (Channel other = connection.createChannel()) {
        other.queueDelete("cancelled");
      }
      assertThat(cancelled.poll(5, TimeUnit.SECONDS)).isNotNull();
    }
  }

  @Test
  void singleActiveConsumerDeliversToOneConsumerOnly() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("sac", false, false, true, Map.of("x-single-active-consumer", true));
      BlockingQueue<String> first = new LinkedBlockingQueue<>();
      BlockingQueue<String> second = new LinkedBlockingQueue<>();
      String firstTag =
          channel.basicConsume(
              "sac", true, (t, d) -> first.add(new String(d.getBody(), UTF_8)), t -> {});
      channel.basicConsume(
          "sac", true, (t, d) -> second.add(new String(d.getBody(), UTF_8)), t -> {});
      for (int i = 0; i < 5; i++) {
        channel.basicPublish("", "sac", null, ("m" + i).getBytes(UTF_8));
      }
      await().atMost(5, TimeUnit.SECONDS).until(() -> first.size() == 5);
      assertThat(second).isEmpty();
      channel.basicCancel(firstTag);
      channel.basicPublish("", "sac", null, "after".getBytes(UTF_8));
      assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("after");
    }
  }

  @Test
  void headersExchangeMatchesAllOrAny() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      String all = channel.queueDeclare().getQueue();
      channel.queueBind(
          all, "amq.headers", "", Map.of("x-match", "all", "format", "pdf", "type", "report"));
      String any = channel.queueDeclare().getQueue();
      channel.queueBind(
          any, "amq.headers", "", Map.of("x-match", "any", "format", "pdf", "type", "log"));
      channel.basicPublish(
          "amq.headers",
          "",
          new AMQP.BasicProperties.Builder()
              .headers(Map.of("format", "pdf", "type", "report"))
              .build(),
          "both".getBytes(UTF_8));
      channel.basicPublish(
          "amq.headers",
          "",
          new AMQP.BasicProperties.Builder().headers(Map.of("type", "log")).build(),
          "log".getBytes(UTF_8));
      assertThat(TutorialsTest.drain(channel, all)).containsExactly("both");
      assertThat(TutorialsTest.drain(channel, any)).containsExactly("both", "log");
    }
  }

  @Test
  void exchangeToExchangeBindingsForward() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("e2e-source", BuiltinExchangeType.TOPIC, false, true, null);
      channel.exchangeDeclare("e2e-dest", BuiltinExchangeType.FANOUT, false, true, null);
      channel.exchangeBind("e2e-dest", "e2e-source", "orders.*");
      String queue = channel.queueDeclare().getQueue();
      channel.queueBind(queue, "e2e-dest", "");
      channel.basicPublish("e2e-source", "orders.new", null, "forwarded".getBytes(UTF_8));
      channel.basicPublish("e2e-source", "billing.new", null, "not forwarded".getBytes(UTF_8));
      assertThat(TutorialsTest.drain(channel, queue)).containsExactly("forwarded");
    }
  }

  @Test
  void transactionsPublishOnlyOnCommit() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("tx", false, true, true, null);
      channel.txSelect();
      channel.basicPublish("", "tx", null, "rolled back".getBytes(UTF_8));
      channel.txRollback();
      channel.basicPublish("", "tx", null, "committed".getBytes(UTF_8));
      assertThat(channel.messageCount("tx")).isZero();
      channel.txCommit();
      assertThat(TutorialsTest.drain(channel, "tx")).containsExactly("committed");
    }
  }

  @Test
  void largeBodiesCrossFrameBoundaries() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("large", false, true, true, null);
      byte[] body = new byte[1_000_000];
      new java.util.Random(7).nextBytes(body);
      channel.basicPublish("", "large", null, body);
      GetResponse got = channel.basicGet("large", true);
      assertThat(got.getBody()).isEqualTo(body);
    }
  }
}
