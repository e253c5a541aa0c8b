package dev.tierkit.common.runtime;

import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.transport.TransportChoice;
import java.time.Duration;
import java.util.Objects;

/**
 * How a daemon runtime runs.
 *
 * @param transport the transport asked for; {@code auto} picks io_uring, then epoll, then NIO
 * @param threads event loop threads for connections (default: the number of cores)
 * @param drainTimeout how long shutdown waits for in-flight requests to finish (default 30 s)
 * @param maxConnections accepted connections beyond this are closed at once and counted (default
 *     10000)
 */
public record RuntimeConfig(
    TransportChoice transport, int threads, Duration drainTimeout, int maxConnections) {
  /** Default for {@code --drain-timeout}. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Default for {@code --max-connections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  public RuntimeConfig {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    if (threads < 1 || threads > 1024) {
      throw new ConfigException("--threads must be between 1 and 1024, got " + threads);
    }
    if (drainTimeout.isNegative()) {
      throw new ConfigException("--drain-timeout must not be negative, got " + drainTimeout);
    }
    if (maxConnections < 1) {
      throw new ConfigException("--max-connections must be at least 1, got " + maxConnections);
    }
  }

  /**
   * This config, except that {@code auto} becomes {@code preferred} when that transport runs here:
   * for a daemon whose own measurements favour one transport over the usual order.
   */
  public RuntimeConfig preferringWhenAuto(TransportChoice preferred) {
    if (transport != TransportChoice.AUTO
        || preferred.transport().map(t -> !t.isAvailable()).orElse(true)) {
      return this;
    }
    return new RuntimeConfig(preferred, threads, drainTimeout, maxConnections);
  }

  /** Defaults for tests and embedding: best transport, the given threads, a short drain. */
  public static RuntimeConfig defaults(int threads) {
    return new RuntimeConfig(
        TransportChoice.AUTO, threads, Duration.ofSeconds(5), DEFAULT_MAX_CONNECTIONS);
  }
}
