package dev.tierkit.mq.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable set of bindings that share one routing position (one direct key, one trie node, a
 * fanout exchange), with their distinct destinations precomputed so that routing copies an array
 * and never deduplicates within a set. Tables swap a node's set for a new one on bind/unbind (copy
 * on write, O(k) for k bindings at that position), so a concurrent route reads either the old or
 * the new set, never a half-updated one.
 */
final class BindingSet<D> {
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final BindingSet<?> EMPTY = new BindingSet(new Binding[0], new Object[0]);

  private final Binding<D>[] bindings;
  private final Object[] destinations;

  private BindingSet(Binding<D>[] bindings, Object[] destinations) {
    this.bindings = bindings;
    this.destinations = destinations;
  }

  @SuppressWarnings("unchecked")
  static <D> BindingSet<D> empty() {
    return (BindingSet<D>) EMPTY;
  }

  boolean isEmpty() {
    return bindings.length == 0;
  }

  /** The distinct destinations, in bind order; callers must not modify the array. */
  Object[] destinations() {
    return destinations;
  }

  void addTo(List<Binding<D>> out) {
    out.addAll(Arrays.asList(bindings));
  }

  /** This set plus {@code binding}, which the caller knows is absent. */
  BindingSet<D> with(Binding<D> binding) {
    Binding<D>[] more = Arrays.copyOf(bindings, bindings.length + 1);
    more[bindings.length] = binding;
    Object d = binding.destination();
    for (Object existing : destinations) {
      if (existing.equals(d)) {
        return new BindingSet<>(more, destinations);
      }
    }
    Object[] dests = Arrays.copyOf(destinations, destinations.length + 1);
    dests[destinations.length] = d;
    return new BindingSet<>(more, dests);
  }

  /** This set without {@code binding}; the same set when it is absent. */
  BindingSet<D> without(Binding<D> binding) {
    List<Binding<D>> kept = new ArrayList<>(bindings.length);
    for (Binding<D> b : bindings) {
      if (!b.equals(binding)) {
        kept.add(b);
      }
    }
    return kept.size() == bindings.length ? this : of(kept);
  }

  /** This set without any binding to {@code destination}. */
  BindingSet<D> withoutDestination(Object destination) {
    List<Binding<D>> kept = new ArrayList<>(bindings.length);
    for (Binding<D> b : bindings) {
      if (!b.destination().equals(destination)) {
        kept.add(b);
      }
    }
    return kept.size() == bindings.length ? this : of(kept);
  }

  private static <D> BindingSet<D> of(List<Binding<D>> list) {
    if (list.isEmpty()) {
      return empty();
    }
    BindingSet<D> set = empty();
    for (Binding<D> b : list) {
      set = set.with(b);
    }
    return set;
  }
}
