package dev.tierkit.dist.demo.app;

import dev.tierkit.dist.demo.HostPort;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code tierkit demo-worker} runs with.
 *
 * @param cache cache-server, where results and thumbnails go
 * @param amqp mq-broker, where jobs come from
 * @param prefetch unacknowledged jobs the broker may hand this worker at once (basic.qos)
 * @param threads jobs rendered at the same time
 * @param admin where {@code /metrics} and {@code /healthz} listen, if anywhere
 */
public record DemoWorkerConfig(
    HostPort cache,
    AmqpSettings amqp,
    int prefetch,
    int threads,
    Optional<InetSocketAddress> admin) {
  /** Four jobs in flight keeps two render threads busy across a round trip to the broker. */
  public static final int DEFAULT_PREFETCH = 4;

  /** One render thread per core of a small machine. */
  public static final int DEFAULT_THREADS = 2;

  public DemoWorkerConfig {
    Objects.requireNonNull(cache, "--cache");
    Objects.requireNonNull(amqp, "--amqp");
    Objects.requireNonNull(admin, "--admin-port");
    if (prefetch < 1 || prefetch > 65535) {
      throw new IllegalArgumentException("--prefetch must be 1 to 65535, got " + prefetch);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be positive, got " + threads);
    }
  }
}
