package dev.tierkit.mq.server;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;

/** The protocol layer's counters on {@code /metrics}. */
final class BrokerMetrics {
  private final Counter published;
  private final Counter publishedBytes;
  private final Counter delivered;
  private final Counter throttled;

  BrokerMetrics(MetricRegistry registry) {
    published = registry.counter("tierkit_mq_published_total", "Messages published by clients.");
    publishedBytes =
        registry.counter("tierkit_mq_published_bytes_total", "Body bytes published by clients.");
    delivered =
        registry.counter(
            "tierkit_mq_delivery_batches_total",
            "Batches of deliveries written to consumers (one flush each).");
    throttled =
        registry.counter(
            "tierkit_mq_publisher_flow_total",
            "Times a publisher was paused because a queue fell behind its consumers.");
  }

  void published(int bytes) {
    published.increment();
    publishedBytes.add(bytes);
  }

  void throttled() {
    throttled.increment();
  }

  void delivered() {
    delivered.increment();
  }
}
