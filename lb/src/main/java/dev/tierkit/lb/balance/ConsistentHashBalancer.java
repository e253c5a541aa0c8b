package dev.tierkit.lb.balance;

import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing with bounded loads: requests with the same key go to the same backend while it
 * is eligible and not overloaded, and a change of backends moves only the keys it must.
 *
 * <p>Design. The ring (Karger et al., "Consistent Hashing and Random Trees", STOC 1997) is two
 * parallel arrays sorted by point: {@link #points}, 64-bit positions, and {@link #owners}, the
 * index of the backend each belongs to. A backend of weight {@code w} owns {@code virtualNodes * w}
 * points at {@code Hashing.hash64(id + "#" + i)}; hashing the id (not the list position) keeps a
 * backend's points where they were when others come or go, so removing one of N backends moves only
 * the keys it owned (about 1/N) and adding one takes about 1/(N+1). A request's key hash is looked
 * up by binary search for the first point at or after it (wrapping at the end); that point's owner
 * is the key's home.
 *
 * <p>Bounded loads (Mirrokni, Thorup, Zadimoghaddam, "Consistent Hashing with Bounded Loads", SODA
 * 2018; weighted as HAProxy's {@code hash-balance-factor} is): with the available backends carrying
 * {@code total} active requests and weighing {@code W} together, a backend of weight {@code w}
 * takes a new request only while its active count is below {@code ceil(c * (total + 1) * w / W)},
 * which for equal weights is the paper's {@code ceil(c * (total + 1) / m)}. For an integer count
 * {@code a < ceil(x)} exactly when {@code a < x}, so the test is {@code active * W < c * (total +
 * 1) * w}, without ceiling or division. Otherwise the walk goes on clockwise to the next point's
 * owner; ineligible (down, full) and already-tried backends are stepped over the same way. Because
 * the bounds sum to more than the total, some available backend is always below its own, so a key
 * moves only while its home is hot, and to the same neighbour each time. If every backend the walk
 * meets is eligible only above its bound (the ones below are tried or full), the first eligible one
 * is taken rather than failing the request.
 *
 * <p>Invariants: the arrays never change after construction; weights are read only here (a change
 * takes effect on {@link Pool#rebuild}); weight-0 backends own no points. Ties between equal points
 * go to the lower backend index, so the ring is the same for the same backends in the same order.
 *
 * <p>Complexity: build O(P log P) for P points (capped at {@link #MAX_POINTS} by scaling virtual
 * nodes down); pick O(log P) for the search, plus the walk (short while most backends are eligible,
 * at most P steps), plus O(n) to sum the pool's load when the bound is on and the candidate is
 * busy. A request without a hash key goes round-robin.
 */
final class ConsistentHashBalancer implements Balancer {
  /** The most points a ring holds: 1 Mi (12 MiB). */
  static final int MAX_POINTS = 1 << 20;

  private final Backend[] backends;
  private final long[] points;
  private final int[] owners;
  private final double boundedLoad;
  private final RoundRobinBalancer withoutHash;

  ConsistentHashBalancer(List<Backend> backends, BalancerSettings settings) {
    this.backends = backends.toArray(new Backend[0]);
    this.boundedLoad = settings.boundedLoad();
    this.withoutHash = new RoundRobinBalancer(backends);
    long wanted = 0;
    for (Backend b : this.backends) {
      wanted += (long) settings.virtualNodes() * b.weight();
    }
    double scale = wanted > MAX_POINTS ? (double) MAX_POINTS / wanted : 1;
    int[] counts = new int[this.backends.length];
    int total = 0;
    for (int i = 0; i < counts.length; i++) {
      int w = this.backends[i].weight();
      counts[i] = w == 0 ? 0 : Math.max(1, (int) (settings.virtualNodes() * w * scale));
      total += counts[i];
    }
    Point[] ring = new Point[total];
    int k = 0;
    for (int i = 0; i < counts.length; i++) {
      String prefix = this.backends[i].id() + "#";
      for (int v = 0; v < counts[i]; v++) {
        ring[k++] = new Point(Hashing.hash64(prefix + v), i);
      }
    }
    Arrays.sort(ring);
    this.points = new long[total];
    this.owners = new int[total];
    for (int i = 0; i < total; i++) {
      points[i] = ring[i].position;
      owners[i] = ring[i].owner;
    }
  }

  private record Point(long position, int owner) implements Comparable<Point> {
    @Override
    public int compareTo(Point o) {
      int c = Long.compare(position, o.position);
      return c != 0 ? c : Integer.compare(owner, o.owner);
    }
  }

  /** The index of the first point at or after {@code hash}, wrapping to 0 past the end. */
  int firstPointAtOrAfter(long hash) {
    int i = Arrays.binarySearch(points, hash);
    if (i >= 0) {
      // Equal points: step back to the first of them.
      while (i > 0 && points[i - 1] == hash) {
        i--;
      }
    } else {
      i = -i - 1;
    }
    return i == points.length ? 0 : i;
  }

  /** The backend that owns {@code hash} when every backend is eligible: its home. */
  Backend home(long hash) {
    return points.length == 0 ? null : backends[owners[firstPointAtOrAfter(hash)]];
  }

  /** Ring points, for tests. */
  int size() {
    return points.length;
  }

  @Override
  public Backend pick(PickContext ctx) {
    if (!ctx.hasHash()) {
      return withoutHash.pick(ctx);
    }
    int len = points.length;
    if (len == 0) {
      return null;
    }
    // Bounded: a backend of weight w may take one more while active * totalWeight < allowed * w.
    // The pool's load is summed once, and only when a candidate is busy: an idle backend is
    // below any bound, so a lightly loaded pool costs a binary search and nothing more.
    double allowed = -1;
    long totalWeight = 0;
    Backend fallback = null;
    int start = firstPointAtOrAfter(ctx.hash());
    int previous = -1;
    for (int step = 0; step < len; step++) {
      int index = start + step;
      int owner = owners[index < len ? index : index - len];
      if (owner == previous) {
        continue;
      }
      previous = owner;
      Backend b = backends[owner];
      if (!ctx.eligible(b)) {
        continue;
      }
      int active = b.active();
      if (boundedLoad == 0 || active == 0) {
        return b;
      }
      if (allowed < 0) {
        long total = 0;
        for (Backend each : backends) {
          if (each.available(ctx.nowNanos())) {
            totalWeight += each.weight();
            total += each.active();
          }
        }
        allowed = boundedLoad * (total + 1);
      }
      if ((double) active * totalWeight < allowed * b.weight()) {
        return b;
      }
      if (fallback == null) {
        fallback = b;
      }
    }
    return fallback;
  }
}
