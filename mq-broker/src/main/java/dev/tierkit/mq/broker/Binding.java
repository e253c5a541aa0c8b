package dev.tierkit.mq.broker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One binding of an exchange to a destination (a queue or another exchange). The three components
 * together are the binding's identity, as in RabbitMQ: binding the same queue with the same key but
 * other arguments makes a second binding. Arguments compare with {@link Map#equals}, so the Java
 * type of each value counts ({@code 1} as Integer differs from {@code 1L}), close to RabbitMQ's
 * typed comparison.
 *
 * @param routingKey the binding key (a topic pattern for topic exchanges), never null
 * @param arguments the binding arguments, never null (an absent table is empty); values may be null
 *     for AMQP void
 * @param destination the queue or exchange bound to, never null
 * @param <D> the destination type
 */
public record Binding<D>(String routingKey, Map<String, Object> arguments, D destination) {
  /** Copies {@code arguments} into an unmodifiable map that keeps null (void) values. */
  public Binding {
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(destination, "destination");
    arguments =
        arguments == null || arguments.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }
}
