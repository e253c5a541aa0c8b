package dev.tierkit.mq.server;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.mq.broker.Broker;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What every connection shares: the broker, the settings, the users, the open connections. */
final class ServerContext {
  private final Broker broker;
  private final MqServerConfig config;
  private final Authenticator authenticator;
  private final Map<String, Object> serverProperties;
  private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();
  private final BrokerMetrics metrics;
  private final ResourceAlarm alarm;

  ServerContext(Broker broker, MqServerConfig config, MetricRegistry registry, String version) {
    this.broker = broker;
    this.config = config;
    this.authenticator = new Authenticator(config.users(), config.guestFromAnywhere());
    this.serverProperties = serverProperties(version);
    this.metrics = new BrokerMetrics(registry);
    this.alarm = new ResourceAlarm(this, broker, config);
  }

  /**
   * The properties of {@code connection.start}. The capabilities are what clients look for before
   * using an extension: pika asks for confirms only when both {@code publisher_confirms} and {@code
   * basic.nack} are there.
   */
  private static Map<String, Object> serverProperties(String version) {
    Map<String, Object> capabilities = new LinkedHashMap<>();
    capabilities.put("publisher_confirms", true);
    capabilities.put("exchange_exchange_bindings", true);
    capabilities.put("basic.nack", true);
    capabilities.put("consumer_cancel_notify", true);
    capabilities.put("connection.blocked", true);
    capabilities.put("consumer_priorities", false);
    capabilities.put("authentication_failure_close", true);
    capabilities.put("per_consumer_qos", true);
    capabilities.put("direct_reply_to", false);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("capabilities", capabilities);
    properties.put("cluster_name", "tierkit");
    properties.put("copyright", "tierkit");
    properties.put("information", "tierkit mq-broker, an AMQP 0-9-1 broker");
    properties.put("platform", "Java " + Runtime.version().feature());
    properties.put("product", "tierkit mq-broker");
    properties.put("version", version);
    return Map.copyOf(properties);
  }

  Broker broker() {
    return broker;
  }

  MqServerConfig config() {
    return config;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  Map<String, Object> serverProperties() {
    return serverProperties;
  }

  Set<AmqpConnection> connections() {
    return connections;
  }

  BrokerMetrics metrics() {
    return metrics;
  }

  ResourceAlarm alarm() {
    return alarm;
  }
}
