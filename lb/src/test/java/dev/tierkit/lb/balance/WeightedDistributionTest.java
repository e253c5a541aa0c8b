package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Shares follow weights, for each algorithm in the way it promises. */
class WeightedDistributionTest {
  private static String names(List<Backend> backends, List<Backend> picks) {
    return picks.stream()
        .map(b -> String.valueOf((char) ('a' + backends.indexOf(b))))
        .collect(Collectors.joining(" "));
  }

  private static List<Backend> picks(Pool pool, int n) {
    List<Backend> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Backend b = pool.pick(new PickContext(0));
      out.add(b);
      pool.release(b);
    }
    return out;
  }

  @Test
  void smoothWeightedRoundRobinInterleavesFiveOneOneAsNginxDoes() {
    List<Backend> backends = Backends.weighted(5, 1, 1);
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, backends);
    assertThat(names(backends, picks(pool, 14))).isEqualTo("a a b a c a a a a b a c a a");
  }

  @Test
  void weightsWithACommonDivisorGiveTheReducedSchedule() {
    assertThat(WeightedRoundRobinBalancer.schedule(new int[] {10, 2, 2}))
        .containsExactly(0, 0, 1, 0, 2, 0, 0);
    assertThat(WeightedRoundRobinBalancer.schedule(new int[] {0, 4, 0})).containsExactly(1);
    assertThat(WeightedRoundRobinBalancer.schedule(new int[] {0, 0})).isEmpty();
  }

  @Test
  void hugeWeightSumsAreScaledToTheScheduleCapWithSharesKept() {
    int[] weights = new int[600];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i % 2 == 0 ? 256 : 127;
    }
    int[] schedule = WeightedRoundRobinBalancer.schedule(weights);
    assertThat(schedule.length).isLessThanOrEqualTo(WeightedRoundRobinBalancer.MAX_SCHEDULE);
    long even = java.util.Arrays.stream(schedule).filter(i -> i % 2 == 0).count();
    assertThat((double) even / schedule.length).isCloseTo(256.0 / 383, within(0.01));
  }

  @Test
  void weightedRoundRobinFollowsWeightsExactlyOverWholeCycles() {
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, Backends.weighted(1, 2, 3, 4));
    Map<Backend, Integer> counts = Backends.tally(pool, 1000, false);
    for (Backend b : pool.backends()) {
      assertThat(counts.get(b)).isEqualTo(100 * b.weight());
    }
  }

  @Test
  void weightedRoundRobinSeesAWeightChangeAfterRebuild() {
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, Backends.weighted(1, 1));
    pool.backends().get(0).setWeight(3);
    pool.rebuild();
    Map<Backend, Integer> counts = Backends.tally(pool, 400, false);
    assertThat(counts.get(pool.backends().get(0))).isEqualTo(300);
  }

  @Test
  void weightedRoundRobinInterleavesTheOthersWhenTheHeavyBackendIsDown() {
    List<Backend> backends = Backends.weighted(5, 1, 1);
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, backends);
    backends.get(0).setHealthy(false);
    assertThat(names(backends, picks(pool, 6))).isEqualTo("b c b c b c");
  }

  @Test
  void weightedRoundRobinSplitsALongDownRunByWeight() {
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, Backends.weighted(200, 1, 3));
    pool.backends().get(0).setHealthy(false);
    Map<Backend, Integer> counts = Backends.tally(pool, 8000, false);
    assertThat(counts.get(pool.backends().get(1)) / 8000.0).isCloseTo(0.25, within(0.04));
    assertThat(counts.get(pool.backends().get(2)) / 8000.0).isCloseTo(0.75, within(0.04));
  }

  @Test
  void weightedRoundRobinGivesADownBackendsShareToTheOthers() {
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, Backends.weighted(2, 1, 1));
    pool.backends().get(1).setHealthy(false);
    Map<Backend, Integer> counts = Backends.tally(pool, 4000, false);
    assertThat(counts.get(pool.backends().get(1))).isNull();
    assertThat(counts.get(pool.backends().get(0)) + counts.get(pool.backends().get(2)))
        .isEqualTo(4000);
  }

  @Test
  void roundRobinIgnoresWeights() {
    Pool pool = new Pool("p", Algorithm.ROUND_ROBIN, Backends.weighted(1, 5, 9));
    Map<Backend, Integer> counts = Backends.tally(pool, 300, false);
    assertThat(counts.values()).containsOnly(100);
  }

  /** Holding every slot, the load each backend is left with is its share. */
  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LEAST_CONNECTIONS", "POWER_OF_TWO"})
  void loadAwareAlgorithmsSpreadHeldLoadByWeight(Algorithm algorithm) {
    Pool pool = new Pool("p", algorithm, Backends.weighted(1, 2, 3, 4));
    SplittableRandom random = new SplittableRandom(3);
    List<Backend> held = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      held.add(pool.pick(new PickContext(0).setHash(random.nextLong())));
    }
    double tolerance = algorithm == Algorithm.LEAST_CONNECTIONS ? 0.001 : 0.05;
    for (Backend b : pool.backends()) {
      assertThat(b.active() / 2000.0).isCloseTo(b.weight() / 10.0, within(tolerance));
    }
    held.forEach(pool::release);
    assertThat(pool.backends()).allSatisfy(b -> assertThat(b.active()).isZero());
  }

  @ParameterizedTest
  @EnumSource(
      value = Algorithm.class,
      names = {"LEAST_CONNECTIONS", "POWER_OF_TWO"})
  void idleEqualBackendsSharePicks(Algorithm algorithm) {
    Pool pool = new Pool("p", algorithm, Backends.equal(4));
    Map<Backend, Integer> counts = Backends.tally(pool, 4000, false);
    assertThat(counts).hasSize(4);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(800, 1200));
  }

  @Test
  void leastConnectionsAvoidsTheBusyBackend() {
    Pool pool = new Pool("p", Algorithm.LEAST_CONNECTIONS, Backends.equal(3));
    Backend busy = pool.backends().get(1);
    busy.tryAcquire();
    Map<Backend, Integer> counts = Backends.tally(pool, 300, false);
    assertThat(counts.get(busy)).isNull();
    busy.release();
  }

  @Test
  void powerOfTwoTakesTheLessLoadedOfTwo() {
    Pool pool = new Pool("p", Algorithm.POWER_OF_TWO, Backends.equal(2));
    Backend busy = pool.backends().get(0);
    busy.tryAcquire();
    Map<Backend, Integer> counts = Backends.tally(pool, 300, false);
    assertThat(counts.get(busy)).isNull();
    busy.release();
  }

  @Test
  void consistentHashSpreadsKeysByWeight() {
    Pool pool =
        new Pool(
            "p",
            Algorithm.CONSISTENT_HASH,
            Backends.weighted(1, 2, 3, 4),
            new BalancerSettings(100, 0));
    Map<Backend, Integer> counts = Backends.tally(pool, 40_000, true);
    for (Backend b : pool.backends()) {
      assertThat(counts.get(b) / 40_000.0).isCloseTo(b.weight() / 10.0, within(0.05));
    }
  }
}
