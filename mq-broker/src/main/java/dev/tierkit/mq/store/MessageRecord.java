package dev.tierkit.mq.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A message as the store keeps it: the exchange and routing key it was published with, its basic
 * properties in wire encoding ({@code FieldCodec.writeProperties}) and its body. The store neither
 * copies nor changes the arrays; callers must not change them after handing them over. Exchange and
 * routing key are AMQP short strings: at most 255 bytes of UTF-8. Equality compares array contents.
 */
// Arrays on purpose: the store hands bytes through without copying them (equals compares contents).
@SuppressWarnings("ArrayRecordComponent")
public record MessageRecord(String exchange, String routingKey, byte[] properties, byte[] body) {
  public MessageRecord {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageRecord other
        && exchange.equals(other.exchange)
        && routingKey.equals(other.routingKey)
        && Arrays.equals(properties, other.properties)
        && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(exchange, routingKey, Arrays.hashCode(properties), Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "MessageRecord[exchange="
        + exchange
        + ", routingKey="
        + routingKey
        + ", properties="
        + properties.length
        + " bytes, body="
        + body.length
        + " bytes]";
  }
}
