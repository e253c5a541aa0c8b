package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.BasicProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The headers RabbitMQ adds to a dead-lettered message: an {@code x-death} array with one table per
 * (queue, reason), most recent first, each counting how often it happened, and the {@code
 * x-first-death-*} headers set once. The {@code expiration} property is removed (kept in the
 * x-death entry as {@code original-expiration}) so the copy does not expire again for the same
 * reason.
 */
final class DeathHeaders {
  private DeathHeaders() {}

  static BasicProperties record(
      BasicProperties properties,
      String queue,
      String reason,
      String exchange,
      String routingKey,
      long nowMillis) {
    Map<String, Object> headers =
        properties.headers() == null
            ? new LinkedHashMap<>()
            : new LinkedHashMap<>(properties.headers());
    List<Object> deaths = new ArrayList<>();
    long count = 1;
    if (headers.get("x-death") instanceof List<?> previous) {
      for (Object item : previous) {
        if (item instanceof Map<?, ?> death
            && queue.equals(String.valueOf(death.get("queue")))
            && reason.equals(String.valueOf(death.get("reason")))) {
          if (death.get("count") instanceof Number n) {
            count = n.longValue() + 1;
          }
        } else {
          deaths.add(item);
        }
      }
    }
    Map<String, Object> death = new LinkedHashMap<>();
    death.put("count", count);
    death.put("reason", reason);
    death.put("queue", queue);
    death.put("time", Instant.ofEpochSecond(nowMillis / 1000));
    death.put("exchange", exchange);
    death.put("routing-keys", List.of(routingKey));
    if (properties.expiration() != null) {
      death.put("original-expiration", properties.expiration());
    }
    deaths.add(0, death);
    headers.put("x-death", deaths);
    headers.putIfAbsent("x-first-death-exchange", exchange);
    headers.putIfAbsent("x-first-death-queue", queue);
    headers.putIfAbsent("x-first-death-reason", reason);
    Objects.requireNonNull(properties, "properties");
    return new BasicProperties(
        properties.contentType(),
        properties.contentEncoding(),
        headers,
        properties.deliveryMode(),
        properties.priority(),
        properties.correlationId(),
        properties.replyTo(),
        null,
        properties.messageId(),
        properties.timestamp(),
        properties.type(),
        properties.userId(),
        properties.appId(),
        properties.clusterId());
  }
}
