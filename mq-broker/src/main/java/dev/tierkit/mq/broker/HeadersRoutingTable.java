package dev.tierkit.mq.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Headers exchange: each binding's arguments, compiled once into a {@link HeadersPattern}, are
 * tested against the message headers; the routing key plays no part. Routing is a scan, O(bindings
 * x pattern size) per message, as in RabbitMQ (headers exchanges there scan too); the compiled
 * patterns sit in an array replaced whole on each change, so the scan reads one immutable array.
 */
final class HeadersRoutingTable<D> extends AbstractRoutingTable<D> implements RoutingTable<D> {
  private record Entry<D>(Binding<D> binding, HeadersPattern pattern) {}

  private static final Entry<?>[] NONE = new Entry<?>[0];

  @SuppressWarnings("unchecked")
  private volatile Entry<D>[] entries = (Entry<D>[]) NONE;

  @Override
  public void route(String routingKey, Map<String, Object> headers, Collection<? super D> out) {
    Entry<D>[] snapshot = entries;
    if (snapshot.length == 0) {
      return;
    }
    Map<String, Object> h = headers == null ? Map.of() : headers;
    RouteSink<D> sink = null;
    for (Entry<D> e : snapshot) {
      if (e.pattern.matches(h)) {
        if (sink == null) {
          sink = new RouteSink<>(out);
        }
        sink.add(e.binding.destination());
      }
    }
  }

  @Override
  void added(Binding<D> binding) {
    Entry<D>[] old = entries;
    Entry<D>[] more = Arrays.copyOf(old, old.length + 1);
    more[old.length] = new Entry<>(binding, HeadersPattern.compile(binding.arguments()));
    entries = more;
  }

  @Override
  void removed(Binding<D> binding) {
    Entry<D>[] old = entries;
    for (int i = 0; i < old.length; i++) {
      if (old[i].binding.equals(binding)) {
        Entry<D>[] fewer = Arrays.copyOf(old, old.length - 1);
        System.arraycopy(old, i + 1, fewer, i, old.length - i - 1);
        entries = fewer;
        return;
      }
    }
  }

  @Override
  void removedAll(D destination, Set<Binding<D>> bindings) {
    List<Entry<D>> kept = new ArrayList<>();
    for (Entry<D> e : entries) {
      if (!e.binding.destination().equals(destination)) {
        kept.add(e);
      }
    }
    entries = kept.toArray(Arrays.copyOf(entries, 0));
  }
}
