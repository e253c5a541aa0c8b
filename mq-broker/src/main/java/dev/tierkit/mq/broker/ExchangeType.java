package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.util.Optional;

/**
 * The exchange types the broker routes with, named on the wire as in {@code exchange.declare}'s
 * {@code type} field. Names are case-sensitive, as RabbitMQ's are: {@code "Direct"} is an unknown
 * type (RabbitMQ answers it with 503 COMMAND_INVALID "unknown exchange type 'Direct'").
 */
public enum ExchangeType {
  DIRECT("direct"),
  FANOUT("fanout"),
  TOPIC("topic"),
  HEADERS("headers");

  private final String wireName;

  ExchangeType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in {@code exchange.declare}, e.g. {@code "topic"}. */
  public String wireName() {
    return wireName;
  }

  /** The type named {@code name} on the wire, or empty for an unknown (or null) name. */
  public static Optional<ExchangeType> fromWireName(String name) {
    if (name != null) {
      for (ExchangeType type : values()) {
        if (type.wireName.equals(name)) {
          return Optional.of(type);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The type named {@code name}, or RabbitMQ's refusal of an unknown one: 503 COMMAND_INVALID
   * "unknown exchange type 'NAME'", a connection error, checked before any equivalence.
   */
  public static ExchangeType require(String name) throws ArgumentException {
    Optional<ExchangeType> type = fromWireName(name);
    if (type.isEmpty()) {
      throw new ArgumentException(
          ReplyCode.COMMAND_INVALID, "unknown exchange type '" + name + "'");
    }
    return type.get();
  }
}
