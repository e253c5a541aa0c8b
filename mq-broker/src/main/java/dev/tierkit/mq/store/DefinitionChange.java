package dev.tierkit.mq.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change to the durable definitions (exchanges, queues, bindings), as {@link DefinitionStore}
 * logs it. Names are per virtual host; arguments are AMQP field tables (written with {@code
 * FieldCodec.writeTable}), copied into unmodifiable maps, {@code null} meaning none.
 */
public sealed interface DefinitionChange {
  /** The virtual host the change applies to. */
  String vhost();

  /** A durable exchange was declared (again, replacing the earlier declaration). */
  record ExchangeDeclared(
      String vhost,
      String name,
      String type,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments)
      implements DefinitionChange {
    public ExchangeDeclared {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      arguments = copy(arguments);
    }
  }

  /** A durable exchange was deleted, and with it every binding from or to it. */
  record ExchangeDeleted(String vhost, String name) implements DefinitionChange {
    public ExchangeDeleted {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(name, "name");
    }
  }

  /** A durable queue was declared, with the store-assigned id its messages are logged under. */
  record QueueDeclared(
      String vhost, String name, int queueId, boolean autoDelete, Map<String, Object> arguments)
      implements DefinitionChange {
    public QueueDeclared {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(name, "name");
      if (queueId < 0) {
        throw new IllegalArgumentException("queueId must be non-negative: " + queueId);
      }
      arguments = copy(arguments);
    }
  }

  /** A durable queue was deleted, and with it every binding to it. */
  record QueueDeleted(String vhost, String name) implements DefinitionChange {
    public QueueDeleted {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(name, "name");
    }
  }

  /** A binding from exchange {@code source} to a queue or (if {@code toExchange}) an exchange. */
  record BindingAdded(
      String vhost,
      String source,
      boolean toExchange,
      String destination,
      String routingKey,
      Map<String, Object> arguments)
      implements DefinitionChange {
    public BindingAdded {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(routingKey, "routingKey");
      arguments = copy(arguments);
    }
  }

  /** The binding with exactly these fields (arguments included) was removed. */
  record BindingRemoved(
      String vhost,
      String source,
      boolean toExchange,
      String destination,
      String routingKey,
      Map<String, Object> arguments)
      implements DefinitionChange {
    public BindingRemoved {
      Objects.requireNonNull(vhost, "vhost");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(routingKey, "routingKey");
      arguments = copy(arguments);
    }
  }

  private static Map<String, Object> copy(Map<String, Object> arguments) {
    return arguments == null || arguments.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
  }
}
