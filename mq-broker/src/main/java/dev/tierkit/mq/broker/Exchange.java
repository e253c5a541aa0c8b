package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * A named exchange of one of the four types, with its bindings. Routing is lock-free for the caller
 * beyond what the {@link RoutingTable} does; declarations and bindings change under the virtual
 * host's lock.
 */
public final class Exchange implements BindingDestination {
  private final String name;
  private final ExchangeType type;
  private final boolean durable;
  private final boolean autoDelete;
  private final boolean internal;
  private final Map<String, Object> arguments;
  private final RoutingTable<BindingDestination> bindings;
  private volatile boolean hasExchangeBindings;

  Exchange(
      String name,
      ExchangeType type,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.durable = durable;
    this.autoDelete = autoDelete;
    this.internal = internal;
    this.arguments = Map.copyOf(arguments);
    this.bindings = RoutingTable.create(type);
  }

  @Override
  public String name() {
    return name;
  }

  public ExchangeType type() {
    return type;
  }

  @Override
  public boolean durable() {
    return durable;
  }

  public boolean autoDelete() {
    return autoDelete;
  }

  public boolean internal() {
    return internal;
  }

  public Map<String, Object> arguments() {
    return arguments;
  }

  /** The default exchange: every queue is bound to it by its name, and nothing else can be. */
  public boolean isDefault() {
    return name.isEmpty();
  }

  RoutingTable<BindingDestination> bindings() {
    return bindings;
  }

  boolean hasExchangeBindings() {
    return hasExchangeBindings;
  }

  void noteExchangeBinding() {
    hasExchangeBindings = true;
  }

  /** Adds the binding's direct destinations (queues and exchanges) to {@code out}. */
  void routeOnce(
      String routingKey, Map<String, Object> headers, Collection<BindingDestination> out) {
    bindings.route(routingKey, headers, out);
  }

  @Override
  public String toString() {
    return "exchange '" + name + "'";
  }
}
