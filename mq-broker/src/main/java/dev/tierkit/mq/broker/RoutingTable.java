package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One exchange's bindings to destinations (queues or exchanges), and the routing of a message over
 * them with the semantics of RabbitMQ's exchange type: {@code direct} matches the routing key
 * exactly, {@code fanout} matches everything, {@code topic} matches {@code .}-separated words
 * against patterns with {@code *} (exactly one word) and {@code #} (zero or more words), {@code
 * headers} matches the message headers against the binding arguments ({@code x-match} {@code all},
 * {@code any}, {@code all-with-x}, {@code any-with-x}).
 *
 * <p>Thread safety: {@link #route} runs concurrently from many event loops without locking; {@link
 * #bind}, {@link #unbind} and {@link #removeDestination} are serialised on the table and are
 * expected to be rare. A route that runs while a binding changes sees the table either before or
 * after that change for each key it looks at (never a torn binding), and every route that starts
 * after {@code bind} returns sees the binding.
 *
 * <p>Validation of binding arguments (RabbitMQ's 406 for a bad {@code x-match}) is {@link
 * HeadersPattern#validate}'s job, done by the caller before {@code bind}; a table binds whatever it
 * is given and treats an unknown {@code x-match} as {@code all}, as RabbitMQ does for bindings it
 * recovered from older versions.
 *
 * @param <D> the destination type; its {@code equals}/{@code hashCode} define "same destination"
 */
public sealed interface RoutingTable<D>
    permits DirectRoutingTable, FanoutRoutingTable, TopicRoutingTable, HeadersRoutingTable {

  /** An empty table routing with {@code type}'s semantics. */
  static <D> RoutingTable<D> create(ExchangeType type) {
    return switch (type) {
      case DIRECT -> new DirectRoutingTable<>();
      case FANOUT -> new FanoutRoutingTable<>();
      case TOPIC -> new TopicRoutingTable<>();
      case HEADERS -> new HeadersRoutingTable<>();
    };
  }

  /**
   * Adds the binding; a null {@code arguments} is an empty table.
   *
   * @return false when that exact binding (key, arguments, destination) existed
   */
  boolean bind(String routingKey, Map<String, Object> arguments, D destination);

  /**
   * Removes the binding; a null {@code arguments} is an empty table.
   *
   * @return false when it was absent
   */
  boolean unbind(String routingKey, Map<String, Object> arguments, D destination);

  /**
   * Adds each matching destination once to {@code out} (a caller-owned set or list; a destination
   * bound twice is added once). {@code headers} may be null (no headers); it is only read by
   * headers exchanges, and {@code routingKey} is ignored by fanout and headers exchanges.
   */
  void route(String routingKey, Map<String, Object> headers, Collection<? super D> out);

  /** Removes all bindings to {@code destination}, as when that queue or exchange is deleted. */
  void removeDestination(D destination);

  /** True when at least one binding leads to {@code destination}. */
  boolean hasBindingsTo(D destination);

  /** True when the table has no bindings. */
  boolean isEmpty();

  /** A snapshot of all bindings, in no particular order. */
  List<Binding<D>> bindings();
}
