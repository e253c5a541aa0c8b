package dev.tierkit.mq.server;

import dev.tierkit.mq.broker.BrokerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything mq-broker runs with, built and validated by the command line.
 *
 * @param address the AMQP listener
 * @param broker the core's settings (data directory, fsync, memory)
 * @param limits protocol limits
 * @param users user name to password; the default is RabbitMQ's {@code guest:guest}
 * @param guestFromAnywhere accept {@code guest} from non-loopback addresses (RabbitMQ refuses)
 * @param handshakeTimeout time from accept to connection.open before the socket is closed
 * @param closeTimeout time to wait for close-ok after the broker sends connection.close
 * @param memoryHighWatermark bytes of message bodies held in memory above which publishers are
 *     blocked
 * @param diskFreeLimit free bytes on the data directory's file system below which publishers are
 *     blocked
 */
public record MqServerConfig(
    InetSocketAddress address,
    BrokerConfig broker,
    MqLimits limits,
    Map<String, String> users,
    boolean guestFromAnywhere,
    Duration handshakeTimeout,
    Duration closeTimeout,
    long memoryHighWatermark,
    long diskFreeLimit) {
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(3);
  public static final long DEFAULT_DISK_FREE_LIMIT = 50L << 20;

  public MqServerConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(limits, "limits");
    users = Map.copyOf(users);
    if (users.isEmpty()) {
      throw new IllegalArgumentException("--user: at least one user is needed");
    }
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (memoryHighWatermark <= 0) {
      throw new IllegalArgumentException("--memory-high-watermark must be positive");
    }
    if (diskFreeLimit < 0) {
      throw new IllegalArgumentException("--disk-free-limit must not be negative");
    }
  }
}
