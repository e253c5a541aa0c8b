package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Direct exchange: a message goes to the bindings whose key equals its routing key exactly. One
 * {@link ConcurrentHashMap} lookup per route, O(1) in the number of bindings; each key's {@link
 * BindingSet} is replaced whole on bind/unbind (O(bindings with that key)).
 */
final class DirectRoutingTable<D> extends AbstractRoutingTable<D> implements RoutingTable<D> {
  private final ConcurrentHashMap<String, BindingSet<D>> byKey = new ConcurrentHashMap<>();

  @Override
  public void route(String routingKey, Map<String, Object> headers, Collection<? super D> out) {
    BindingSet<D> set = byKey.get(routingKey);
    if (set != null) {
      new RouteSink<D>(out).addAll(set.destinations());
    }
  }

  @Override
  void added(Binding<D> binding) {
    byKey.compute(
        binding.routingKey(),
        (k, set) -> (set == null ? BindingSet.<D>empty() : set).with(binding));
  }

  @Override
  void removed(Binding<D> binding) {
    byKey.computeIfPresent(
        binding.routingKey(),
        (k, set) -> {
          BindingSet<D> rest = set.without(binding);
          return rest.isEmpty() ? null : rest;
        });
  }
}
