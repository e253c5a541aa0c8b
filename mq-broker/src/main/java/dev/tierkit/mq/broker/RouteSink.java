package dev.tierkit.mq.broker;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Collects one route's destinations into the caller's collection, each once. The common cases pay
 * nothing: a {@link Set} deduplicates by itself, and a route whose matches come from a single
 * {@link BindingSet} (already distinct) or a single destination adds straight through. Only the
 * second contribution to a non-set collection allocates a seen-set, seeded with the first.
 */
final class RouteSink<D> {
  private final Collection<? super D> out;
  private final boolean deduplicating;
  private boolean any;
  private Object[] firstBatch;
  private Object firstSingle;
  private Set<Object> seen;

  RouteSink(Collection<? super D> out) {
    this.out = out;
    this.deduplicating = out instanceof Set;
  }

  void addAll(Object[] destinations) {
    if (deduplicating) {
      for (Object d : destinations) {
        out.add(cast(d));
      }
    } else if (!any) {
      any = true;
      firstBatch = destinations;
      for (Object d : destinations) {
        out.add(cast(d));
      }
    } else {
      Set<Object> s = seen();
      for (Object d : destinations) {
        if (s.add(d)) {
          out.add(cast(d));
        }
      }
    }
  }

  void add(Object destination) {
    if (deduplicating) {
      out.add(cast(destination));
    } else if (!any) {
      any = true;
      firstSingle = destination;
      out.add(cast(destination));
    } else if (seen().add(destination)) {
      out.add(cast(destination));
    }
  }

  private Set<Object> seen() {
    if (seen == null) {
      seen = new HashSet<>();
      if (firstBatch != null) {
        for (Object d : firstBatch) {
          seen.add(d);
        }
      } else {
        seen.add(firstSingle);
      }
    }
    return seen;
  }

  @SuppressWarnings("unchecked")
  private D cast(Object destination) {
    return (D) destination;
  }
}
