package dev.tierkit.mq.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each error RabbitMQ raises, with its code, its level and a reply text naming the object. */
class ErrorsTest {
  @RegisterExtension static final BrokerExtension broker = new BrokerExtension();

  /** The close a failed call caused: its code, text and whether it closed the connection. */
  record Failure(int code, String text, boolean connectionLevel) {}

  interface ChannelAction {
    void run(Channel channel) throws Exception;
  }

  static Failure failure(ChannelAction action) throws Exception {
    Connection connection = broker.connect();
    try {
      Channel channel = connection.createChannel();
      Throwable thrown = catchThrowable(() -> action.run(channel));
      ShutdownSignalException signal = signalOf(thrown);
      if (signal == null && thrown != null) {
        throw new AssertionError("the client failed without a close from the broker", thrown);
      }
      if (signal == null) {
        // Asynchronous errors (publish, ack) arrive as the channel's shutdown; a round trip on
        // the same channel is answered only after the error, since frames are handled in order.
        Throwable probe = catchThrowable(() -> channel.basicQos(0));
        signal = signalOf(probe);
        if (signal == null) {
          signal = channel.getCloseReason();
        }
      }
      assertThat(signal).as("the broker closed the channel or connection").isNotNull();
      Method reason = signal.getReason();
      if (reason instanceof AMQP.Channel.Close close) {
        return new Failure(close.getReplyCode(), close.getReplyText(), false);
      }
      AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
      return new Failure(close.getReplyCode(), close.getReplyText(), true);
    } finally {
      connection.abort();
    }
  }

  private static ShutdownSignalException signalOf(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException signal) {
        return signal;
      }
    }
    return null;
  }

  @Test
  void passiveDeclareOfAMissingQueueIs404() throws Exception {
    assertThat(failure(ch -> ch.queueDeclarePassive("missing")))
        .isEqualTo(new Failure(404, "NOT_FOUND - no queue 'missing' in vhost '/'", false));
  }

  @Test
  void passiveDeclareOfAMissingExchangeIs404() throws Exception {
    assertThat(failure(ch -> ch.exchangeDeclarePassive("missing-x")))
        .isEqualTo(new Failure(404, "NOT_FOUND - no exchange 'missing-x' in vhost '/'", false));
  }

  @Test
  void publishingToAMissingExchangeClosesTheChannelWith404() throws Exception {
    assertThat(failure(ch -> ch.basicPublish("nowhere", "k", null, new byte[1])))
        .isEqualTo(new Failure(404, "NOT_FOUND - no exchange 'nowhere' in vhost '/'", false));
  }

  @Test
  void bindingToAMissingQueueIs404() throws Exception {
    assertThat(failure(ch -> ch.queueBind("no-such-queue", "amq.direct", "k")))
        .isEqualTo(new Failure(404, "NOT_FOUND - no queue 'no-such-queue' in vhost '/'", false));
  }

  @Test
  void redeclaringWithOtherPropertiesIs406() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("shape", false, false, false, null);
      channel.exchangeDeclare("shape-x", BuiltinExchangeType.DIRECT);
    }
    assertThat(failure(ch -> ch.queueDeclare("shape", true, false, false, null)))
        .isEqualTo(
            new Failure(
                406,
                "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'shape' in vhost '/':"
                    + " received 'true' but current is 'false'",
                false));
    assertThat(failure(ch -> ch.exchangeDeclare("shape-x", BuiltinExchangeType.FANOUT)))
        .isEqualTo(
            new Failure(
                406,
                "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'shape-x' in vhost"
                    + " '/': received 'fanout' but current is 'direct'",
                false));
  }

  @Test
  void reservedExchangeNamesAre403() throws Exception {
    assertThat(failure(ch -> ch.exchangeDeclare("amq.custom", BuiltinExchangeType.DIRECT)))
        .isEqualTo(
            new Failure(
                403,
                "ACCESS_REFUSED - exchange name 'amq.custom' contains reserved prefix 'amq.*'",
                false));
  }

  @Test
  void unknownExchangeTypeClosesTheConnectionWith503() throws Exception {
    Failure failure = failure(ch -> ch.exchangeDeclare("odd", "no-such-type"));
    assertThat(failure.code()).isEqualTo(503);
    assertThat(failure.connectionLevel()).isTrue();
    assertThat(failure.text()).contains("no-such-type");
  }

  @Test
  void publishingToAnInternalExchangeIs403() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.exchangeDeclare("inside", BuiltinExchangeType.FANOUT, false, false, true, null);
    }
    assertThat(failure(ch -> ch.basicPublish("inside", "", null, new byte[1])))
        .isEqualTo(
            new Failure(
                403,
                "ACCESS_REFUSED - cannot publish to internal exchange 'inside' in vhost '/'",
                false));
  }

  @Test
  void deleteIfUnusedAndIfEmptyAre406() throws Exception {
    try (Connection connection = broker.connect();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("busy", false, false, false, null);
      channel.basicPublish("", "busy", null, "x".getBytes(UTF_8));
      channel.basicConsume("busy", false, (t, d) -> {}, t -> {});
      assertThat(failure(ch -> ch.queueDelete("busy", true, false)))
          .isEqualTo(
              new Failure(406, "PRECONDITION_FAILED - queue 'busy' in vhost '/' in use", false));
      channel.queueDeclare("full", false, false, false, null);
      channel.basicPublish("", "full", null, "x".getBytes(UTF_8));
      assertThat(failure(ch -> ch.queueDelete("full", false, true)))
          .isEqualTo(
              new Failure(406, "PRECONDITION_FAILED - queue 'full' in vhost '/' not empty", false));
      channel.queueDelete("full");
    }
  }

  @Test
  void anotherConnectionsExclusiveQueueIs405() throws Exception {
    try (Connection owner = broker.connect();
        Channel channel = owner.createChannel()) {
      channel.queueDeclare("mine", false, true, false, null);
      Failure failure = failure(ch -> ch.basicConsume("mine", true, (t, d) -> {}, t -> {}));
      assertThat(failure.code()).isEqualTo(405);
      assertThat(failure.text())
          .startsWith("RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'mine'");
    }
  }

  @Test
  void ackingAnUnknownDeliveryTagIs406() throws Exception {
    assertThat(failure(ch -> ch.basicAck(42, false)))
        .isEqualTo(new Failure(406, "PRECONDITION_FAILED - unknown delivery tag 42", false));
  }

  @Test
  void reusingAConsumerTagClosesTheConnectionWith530() throws Exception {
    Failure failure =
        failure(
            ch -> {
              String queue = ch.queueDeclare().getQueue();
              ch.basicConsume(queue, true, "tag-1", (t, d) -> {}, t -> {});
              // The Java client refuses a reused tag itself; send the method past that check.
              ch.asyncRpc(
                  new AMQP.Basic.Consume.Builder()
                      .queue(queue)
                      .consumerTag("tag-1")
                      .noAck(true)
                      .build());
            });
    assertThat(failure)
        .isEqualTo(new Failure(530, "NOT_ALLOWED - attempt to reuse consumer tag 'tag-1'", true));
  }

  @Test
  void whatRabbitMqDoesNotImplementIs540() throws Exception {
    assertThat(failure(ch -> ch.basicRecover(false)))
        .isEqualTo(new Failure(540, "NOT_IMPLEMENTED - requeue=false", true));
    assertThat(failure(ch -> ch.basicQos(100, 0, false)))
        .isEqualTo(new Failure(540, "NOT_IMPLEMENTED - prefetch_size!=0 (100)", true));
  }

  @Test
  void invalidQueueArgumentsAre406() throws Exception {
    Failure failure =
        failure(ch -> ch.queueDeclare("bad-ttl", false, false, true, Map.of("x-message-ttl", -1)));
    assertThat(failure.code()).isEqualTo(406);
    assertThat(failure.text()).contains("x-message-ttl").contains("bad-ttl");
  }

  @Test
  void invalidExpirationPropertyIs406() throws Exception {
    Failure failure =
        failure(
            ch -> {
              ch.queueDeclare("expiring-bad", false, false, true, null);
              ch.basicPublish(
                  "",
                  "expiring-bad",
                  new AMQP.BasicProperties.Builder().expiration("soon").build(),
                  new byte[1]);
            });
    assertThat(failure.code()).isEqualTo(406);
    assertThat(failure.text()).contains("soon");
  }

  @Test
  void unknownVirtualHostIs530() throws Exception {
    ConnectionFactory factory = broker.factory();
    factory.setVirtualHost("nowhere");
    Throwable thrown = catchThrowable(factory::newConnection);
    ShutdownSignalException signal = signalOf(thrown);
    assertThat(signal).isNotNull();
    AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
    assertThat(close.getReplyCode()).isEqualTo(530);
    assertThat(close.getReplyText()).isEqualTo("NOT_ALLOWED - vhost nowhere not found");
  }

  @Test
  void otherVirtualHostsAreSeparate() throws Exception {
    ConnectionFactory factory = broker.factory();
    factory.setVirtualHost("other");
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      channel.queueDeclare("only-in-other", false, false, true, null);
    }
    assertThat(failure(ch -> ch.queueDeclarePassive("only-in-other")).code()).isEqualTo(404);
  }

  @Test
  void badCredentialsAreRefusedWith403() {
    ConnectionFactory factory = broker.factory();
    factory.setUsername("guest");
    factory.setPassword("wrong");
    assertThat(catchThrowable(factory::newConnection))
        .isInstanceOf(AuthenticationFailureException.class)
        .hasMessageContaining(
            "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN");
  }

  @Test
  void configuredUsersLogInWithPlainAndAmqplain() throws Exception {
    ConnectionFactory factory = broker.factory();
    factory.setUsername("alice");
    factory.setPassword("secret");
    try (Connection connection = factory.newConnection()) {
      assertThat(connection.isOpen()).isTrue();
    }
    factory.setSaslConfig(
        mechanisms ->
            new com.rabbitmq.client.SaslMechanism() {
              @Override
              public String getName() {
                return "AMQPLAIN";
              }

              @Override
              public com.rabbitmq.client.LongString handleChallenge(
                  com.rabbitmq.client.LongString challenge, String username, String password) {
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                  for (String[] pair :
                      new String[][] {{"LOGIN", username}, {"PASSWORD", password}}) {
                    out.writeByte(pair[0].length());
                    out.writeBytes(pair[0]);
                    out.writeByte('S');
                    out.writeInt(pair[1].length());
                    out.writeBytes(pair[1]);
                  }
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                return com.rabbitmq.client.impl.LongStringHelper.asLongString(bytes.toByteArray());
              }
            });
    try (Connection connection = factory.newConnection()) {
      assertThat(connection.isOpen()).isTrue();
    }
  }

  @Test
  void aChannelErrorLeavesTheConnectionAndOtherChannelsOpen() throws Exception {
    try (Connection connection = broker.connect()) {
      Channel healthy = connection.createChannel();
      Channel failing = connection.createChannel();
      assertThat(catchThrowable(() -> failing.queueDeclarePassive("missing"))).isNotNull();
      assertThat(failing.isOpen()).isFalse();
      assertThat(connection.isOpen()).isTrue();
      assertThat(healthy.queueDeclare().getQueue()).startsWith("amq.gen-");
      assertThat(connection.createChannel().isOpen()).isTrue();
    }
  }

  @Test
  void serverPropertiesAnnounceTheCapabilitiesClientsCheck() throws Exception {
    try (Connection connection = broker.connect()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> capabilities =
          (Map<String, Object>) connection.getServerProperties().get("capabilities");
      assertThat(capabilities)
          .containsEntry("publisher_confirms", true)
          .containsEntry("basic.nack", true)
          .containsEntry("consumer_cancel_notify", true)
          .containsEntry("exchange_exchange_bindings", true)
          .containsEntry("per_consumer_qos", true)
          .containsEntry("authentication_failure_close", true)
          .containsEntry("connection.blocked", true);
      assertThat(connection.getFrameMax()).isEqualTo(131072);
      assertThat(connection.getChannelMax()).isEqualTo(2047);
      assertThat(connection.getHeartbeat()).isEqualTo(60);
    }
  }
}
