package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Fanout exchange: every message goes to every bound destination, whatever its key. The whole table
 * is one {@link BindingSet} behind a volatile field, replaced on each change (O(bindings)).
 */
final class FanoutRoutingTable<D> extends AbstractRoutingTable<D> implements RoutingTable<D> {
  private volatile BindingSet<D> all = BindingSet.empty();

  @Override
  public void route(String routingKey, Map<String, Object> headers, Collection<? super D> out) {
    BindingSet<D> set = all;
    if (!set.isEmpty()) {
      new RouteSink<D>(out).addAll(set.destinations());
    }
  }

  @Override
  void added(Binding<D> binding) {
    all = all.with(binding);
  }

  @Override
  void removed(Binding<D> binding) {
    all = all.without(binding);
  }

  @Override
  void removedAll(D destination, Set<Binding<D>> bindings) {
    all = all.withoutDestination(destination);
  }
}
