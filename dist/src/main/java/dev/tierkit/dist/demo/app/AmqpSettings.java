package dev.tierkit.dist.demo.app;

import com.rabbitmq.client.ConnectionFactory;
import dev.tierkit.dist.demo.HostPort;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom the demo connects to mq-broker.
 *
 * @param address the broker's AMQP listener
 * @param user the AMQP user ({@code guest} by default, accepted from loopback)
 * @param password its password
 */
public record AmqpSettings(HostPort address, String user, String password) {
  /** Connect, handshake and RPC timeout: an outage costs a request this much, not a hang. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  public AmqpSettings {
    Objects.requireNonNull(address, "--amqp");
    Objects.requireNonNull(user, "--amqp-user");
    Objects.requireNonNull(password, "--amqp-password");
  }

  /** The broker's default account on {@code address}. */
  public static AmqpSettings guest(HostPort address) {
    return new AmqpSettings(address, "guest", "guest");
  }

  /**
   * A connection factory without the client's automatic recovery: the demo reconnects itself, so
   * that an outage is visible (a 503, a log line) instead of hidden behind retries.
   */
  ConnectionFactory factory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(address.host());
    factory.setPort(address.port());
    factory.setUsername(user);
    factory.setPassword(password);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    int millis = (int) TIMEOUT.toMillis();
    factory.setConnectionTimeout(millis);
    factory.setHandshakeTimeout(millis);
    factory.setChannelRpcTimeout(millis);
    factory.setShutdownTimeout(millis);
    return factory;
  }
}
