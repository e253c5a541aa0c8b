package dev.tierkit.mq.broker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every exchange type's table shares: binding identity, the index from destination to its
 * bindings (so deleting a queue costs its own bindings, not a scan of the exchange), and the writer
 * lock.
 *
 * <p>Concurrency: writers (bind, unbind, removeDestination) hold this table's monitor, so the index
 * and the routing structure change together and subclasses mutate without further care. Readers
 * never lock: {@code route} reads structures that writers publish by a volatile write or a {@link
 * ConcurrentHashMap} put of an immutable {@link BindingSet}; {@code hasBindingsTo} and {@code
 * isEmpty} read the concurrent index. Bindings change rarely and routes run per message on every
 * event loop, so lock-free reads with copy-on-write at each routing position beat a read-write
 * lock, whose read side still writes a shared counter (a cache line bounced between cores on every
 * message).
 */
abstract class AbstractRoutingTable<D> {
  private final Map<D, Set<Binding<D>>> byDestination = new ConcurrentHashMap<>();

  public final synchronized boolean bind(
      String routingKey, Map<String, Object> arguments, D destination) {
    Binding<D> binding = new Binding<>(routingKey, arguments, destination);
    Set<Binding<D>> own = byDestination.get(destination);
    if (own == null) {
      own = new HashSet<>();
      byDestination.put(destination, own);
    }
    if (!own.add(binding)) {
      return false;
    }
    added(binding);
    return true;
  }

  public final synchronized boolean unbind(
      String routingKey, Map<String, Object> arguments, D destination) {
    Binding<D> binding = new Binding<>(routingKey, arguments, destination);
    Set<Binding<D>> own = byDestination.get(destination);
    if (own == null || !own.remove(binding)) {
      return false;
    }
    if (own.isEmpty()) {
      byDestination.remove(destination);
    }
    removed(binding);
    return true;
  }

  public final synchronized void removeDestination(D destination) {
    Set<Binding<D>> own = byDestination.remove(destination);
    if (own != null) {
      removedAll(destination, own);
    }
  }

  public final boolean hasBindingsTo(D destination) {
    return byDestination.containsKey(destination);
  }

  public final boolean isEmpty() {
    return byDestination.isEmpty();
  }

  public final synchronized List<Binding<D>> bindings() {
    List<Binding<D>> all = new ArrayList<>();
    for (Set<Binding<D>> own : byDestination.values()) {
      all.addAll(own);
    }
    return all;
  }

  /** Adds a binding known to be new to the routing structure; called under the monitor. */
  abstract void added(Binding<D> binding);

  /** Removes a binding known to be present; called under the monitor. */
  abstract void removed(Binding<D> binding);

  /** Removes all of one destination's bindings; called under the monitor. */
  void removedAll(D destination, Set<Binding<D>> bindings) {
    for (Binding<D> b : bindings) {
      removed(b);
    }
  }
}
