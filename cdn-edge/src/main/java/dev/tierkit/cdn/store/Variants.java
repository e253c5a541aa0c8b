package dev.tierkit.cdn.store;

import dev.tierkit.cdn.policy.Lifetime;
import java.util.ArrayList;
import java.util.List;

/**
 * The variants of one primary key held in memory: an immutable list, replaced copy-on-write, so a
 * reader never needs a lock. All variants share one list of Vary names.
 *
 * <p>{@code complete} is false when the list was started by a put while the disk tier may hold
 * other variants of the key (after a restart or a memory eviction): a lookup then still asks the
 * disk, and merging what it finds makes the list complete. Being wrong either way is safe: a
 * needless disk read, or an origin fetch for a variant the disk had.
 */
final class Variants {
  final List<CachedObject> objects;
  final int weight;

  /** When the last of them stops being usable even for revalidation, in clock milliseconds. */
  final long deadlineMillis;

  /** Whether every variant the disk tier holds for this key is in this list as well. */
  final boolean complete;

  private Variants(List<CachedObject> objects, long keepMillis, boolean complete) {
    this.objects = List.copyOf(objects);
    this.complete = complete;
    long w = 0;
    long d = Long.MIN_VALUE;
    for (CachedObject o : objects) {
      w += o.weight();
      d = Math.max(d, deadline(o, keepMillis));
    }
    this.weight = (int) Math.min(Integer.MAX_VALUE, w);
    this.deadlineMillis = d;
  }

  static Variants of(List<CachedObject> objects, long keepMillis) {
    return new Variants(objects, keepMillis, true);
  }

  /**
   * {@code current} with {@code object} in place of its variant; when the Vary names changed, the
   * URL's Vary changed and the old variants are dropped.
   */
  static Variants with(
      Variants current, CachedObject object, long keepMillis, boolean diskMayHoldOthers) {
    if (current == null) {
      return new Variants(List.of(object), keepMillis, !diskMayHoldOthers);
    }
    if (!current.varyNames().equals(object.varyNames())) {
      return new Variants(List.of(object), keepMillis, true); // the old variants are obsolete
    }
    List<CachedObject> next = new ArrayList<>(current.objects.size() + 1);
    for (CachedObject o : current.objects) {
      if (!o.variantKey().equals(object.variantKey())) {
        next.add(o);
      }
    }
    next.add(object);
    return new Variants(next, keepMillis, current.complete);
  }

  /** {@code current} with the variants of {@code loaded} it lacks (same Vary names only). */
  static Variants merge(Variants current, List<CachedObject> loaded, long keepMillis) {
    if (current == null) {
      return new Variants(loaded, keepMillis, true);
    }
    List<CachedObject> next = new ArrayList<>(current.objects);
    for (CachedObject o : loaded) {
      if (o.varyNames().equals(current.varyNames()) && current.find(o.variantKey()) == null) {
        next.add(o);
      }
    }
    return new Variants(next, keepMillis, true);
  }

  /** {@code current} without {@code variantKey}; null when nothing is left. */
  static Variants without(Variants current, String variantKey, long keepMillis) {
    if (current == null || current.find(variantKey) == null) {
      return current;
    }
    List<CachedObject> next = new ArrayList<>(current.objects.size());
    for (CachedObject o : current.objects) {
      if (!o.variantKey().equals(variantKey)) {
        next.add(o);
      }
    }
    return next.isEmpty() ? null : new Variants(next, keepMillis, current.complete);
  }

  List<String> varyNames() {
    return objects.get(0).varyNames();
  }

  CachedObject find(String variantKey) {
    for (CachedObject o : objects) {
      if (o.variantKey().equals(variantKey)) {
        return o;
      }
    }
    return null;
  }

  /**
   * The last moment an object is worth keeping: {@code responseTime + fresh - initialAge +
   * max(stale-while-revalidate, stale-if-error, keep)}. Past it, it can be neither served stale
   * (RFC 5861) nor revalidated within the keep window; saturates instead of overflowing.
   */
  static long deadline(CachedObject o, long keepMillis) {
    Lifetime l = o.lifetime();
    long extra =
        Math.max(keepMillis, Math.max(l.staleWhileRevalidateMillis(), l.staleIfErrorMillis()));
    return saturatedAdd(
        saturatedAdd(o.responseTimeMillis(), l.freshMillis()) - l.initialAgeMillis(), extra);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
