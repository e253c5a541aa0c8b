package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsistentHashBalancerTest {
  private static final int KEYS = 20_000;

  private static long[] keys() {
    SplittableRandom random = new SplittableRandom(11);
    long[] keys = new long[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = Hashing.hash64("client-" + random.nextInt());
    }
    return keys;
  }

  private static Backend[] homes(List<Backend> backends, long[] keys) {
    ConsistentHashBalancer ring = new ConsistentHashBalancer(backends, BalancerSettings.DEFAULTS);
    Backend[] out = new Backend[keys.length];
    for (int i = 0; i < keys.length; i++) {
      out[i] = ring.home(keys[i]);
    }
    return out;
  }

  @Test
  void sameKeyAlwaysGoesToTheSameBackend() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(8));
    for (long key : keys()) {
      Backend first = pool.pick(new PickContext(0).setHash(key));
      pool.release(first);
      Backend again = pool.pick(new PickContext(0).setHash(key));
      pool.release(again);
      assertThat(again).isSameAs(first);
    }
  }

  @Test
  void ringIsTheSameWhateverTheOrderOfTheList() {
    List<Backend> backends = Backends.equal(5);
    List<Backend> reversed = new ArrayList<>(backends);
    java.util.Collections.reverse(reversed);
    long[] keys = keys();
    Backend[] a = homes(backends, keys);
    Backend[] b = homes(reversed, keys);
    int same = 0;
    for (int i = 0; i < keys.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    assertThat(same).isEqualTo(keys.length);
  }

  @Test
  void removingOneOfTenBackendsMovesOnlyItsKeys() {
    List<Backend> before = Backends.equal(10);
    Backend removed = before.get(3);
    List<Backend> after = new ArrayList<>(before);
    after.remove(removed);
    long[] keys = keys();
    Backend[] was = homes(before, keys);
    Backend[] now = homes(after, keys);
    int moved = 0;
    for (int i = 0; i < keys.length; i++) {
      if (was[i] != now[i]) {
        moved++;
        assertThat(was[i]).isSameAs(removed);
      }
    }
    assertThat(moved / (double) KEYS).isBetween(0.07, 0.13);
  }

  @Test
  void addingAnEleventhBackendTakesAboutAnEleventhOfTheKeys() {
    List<Backend> before = Backends.equal(10);
    List<Backend> after = new ArrayList<>(before);
    Backend added = new Backend("10.0.1.1", 80, 1, 0);
    after.add(added);
    long[] keys = keys();
    Backend[] was = homes(before, keys);
    Backend[] now = homes(after, keys);
    int moved = 0;
    for (int i = 0; i < keys.length; i++) {
      if (was[i] != now[i]) {
        moved++;
        assertThat(now[i]).isSameAs(added);
      }
    }
    assertThat(moved / (double) KEYS).isBetween(1 / 11.0 - 0.03, 1 / 11.0 + 0.03);
  }

  @Test
  void poolAddAndRemoveKeepKeysOfOtherBackendsInPlace() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(6));
    long key = Hashing.hash64("sticky-client");
    Backend home = pool.pick(new PickContext(0).setHash(key));
    pool.release(home);
    for (Backend other : List.copyOf(pool.backends())) {
      if (other != home) {
        pool.remove(other.id());
        break;
      }
    }
    pool.add(new Backend("10.0.9.9", 80, 1, 0));
    Backend after = pool.pick(new PickContext(0).setHash(key));
    pool.release(after);
    assertThat(after).isSameAs(home);
  }

  @Test
  void hotKeyOverflowsToNeighboursWithoutPassingTheLoadBound() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(5));
    long hot = Hashing.hash64("hot");
    List<Backend> held = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      held.add(pool.pick(new PickContext(0).setHash(hot)));
      assertWithinBound(pool, 1.25, held.size());
    }
    // With c = 1.25 four backends at the bound hold every request: ceil(5 / 1.25) = 4.
    Set<Backend> used = new HashSet<>(held);
    assertThat(used).hasSizeGreaterThanOrEqualTo(4);
    held.forEach(pool::release);
  }

  @Test
  void randomKeysNeverPassTheWeightedLoadBoundWhenPicked() {
    Pool pool =
        new Pool(
            "p",
            Algorithm.CONSISTENT_HASH,
            Backends.weighted(1, 1, 2, 1, 3, 1, 1),
            BalancerSettings.DEFAULTS);
    SplittableRandom random = new SplittableRandom(5);
    List<Backend> held = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      if (!held.isEmpty() && random.nextInt(3) == 0) {
        pool.release(held.remove(random.nextInt(held.size())));
      } else {
        Backend b = pool.pick(new PickContext(0).setHash(random.nextLong()));
        held.add(b);
        long bound = (long) Math.ceil(1.25 * held.size() * b.weight() / 10.0);
        assertThat((long) b.active()).as("active on %s", b).isLessThanOrEqualTo(bound);
      }
    }
    held.forEach(pool::release);
  }

  @Test
  void hotKeyNeverPassesTheBoundOnABackendOfWeightThree() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.weighted(3, 1, 1, 1));
    long hot = Hashing.hash64("hot");
    List<Backend> held = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      held.add(pool.pick(new PickContext(0).setHash(hot)));
      assertWithinBound(pool, 1.25, held.size());
    }
    held.forEach(pool::release);
  }

  /** Every backend within {@code ceil(c * total * weight / totalWeight)}, nothing released. */
  private static void assertWithinBound(Pool pool, double c, int total) {
    int totalWeight = pool.backends().stream().mapToInt(Backend::weight).sum();
    for (Backend b : pool.backends()) {
      long bound = (long) Math.ceil(c * total * b.weight() / totalWeight);
      assertThat((long) b.active())
          .as("active on %s with %d held", b, total)
          .isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void unboundedRingSendsAHotKeyToItsHomeOnly() {
    Pool pool =
        new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(5), new BalancerSettings(100, 0));
    long hot = Hashing.hash64("hot");
    List<Backend> held = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      held.add(pool.pick(new PickContext(0).setHash(hot)));
    }
    assertThat(new HashSet<>(held)).hasSize(1);
    held.forEach(pool::release);
  }

  @Test
  void keyWhoseHomeIsDownGoesToTheSameNeighbourEachTime() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(5));
    long key = Hashing.hash64("k");
    Backend home = pool.pick(new PickContext(0).setHash(key));
    pool.release(home);
    home.setHealthy(false);
    Backend stand = pool.pick(new PickContext(0).setHash(key));
    pool.release(stand);
    assertThat(stand).isNotSameAs(home);
    for (int i = 0; i < 20; i++) {
      Backend b = pool.pick(new PickContext(0).setHash(key));
      pool.release(b);
      assertThat(b).isSameAs(stand);
    }
    home.setHealthy(true);
    Backend back = pool.pick(new PickContext(0).setHash(key));
    pool.release(back);
    assertThat(back).isSameAs(home);
  }

  @Test
  void requestWithoutAHashGoesRoundRobin() {
    Pool pool = new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(4));
    assertThat(Backends.tally(pool, 400, false).values()).containsOnly(100);
  }

  @Test
  void ringHasVirtualNodesTimesWeightPointsPerBackend() {
    ConsistentHashBalancer ring =
        new ConsistentHashBalancer(Backends.weighted(1, 2, 0), new BalancerSettings(10, 1.25));
    assertThat(ring.size()).isEqualTo(30);
  }

  @Test
  void weightChangeTakesEffectOnRebuild() {
    Pool pool =
        new Pool("p", Algorithm.CONSISTENT_HASH, Backends.equal(2), new BalancerSettings(100, 0));
    pool.backends().get(0).setWeight(4);
    pool.rebuild();
    int first = Backends.tally(pool, 10_000, true).get(pool.backends().get(0));
    assertThat(first / 10_000.0).isBetween(0.72, 0.88);
  }
}
