package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Topic exchange: the routing key's words matched against binding patterns by a {@link
 * TopicMatcher}.
 */
final class TopicRoutingTable<D> extends AbstractRoutingTable<D> implements RoutingTable<D> {
  private final TopicMatcher<D> matcher = new TopicMatcher<>();

  @Override
  public void route(String routingKey, Map<String, Object> headers, Collection<? super D> out) {
    matcher.match(routingKey, out);
  }

  @Override
  void added(Binding<D> binding) {
    matcher.add(binding);
  }

  @Override
  void removed(Binding<D> binding) {
    matcher.remove(binding);
  }

  @Override
  void removedAll(D destination, Set<Binding<D>> bindings) {
    matcher.removeDestination(destination, bindings);
  }
}
