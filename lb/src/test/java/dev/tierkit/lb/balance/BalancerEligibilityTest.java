package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every algorithm must skip, and that it answers null when nothing is left. */
class BalancerEligibilityTest {
  private static final long NOW = 1_000_000_000L;

  private record Fixture(Pool pool, Backend good) {}

  /**
   * One good backend among one of each kind of ineligible one: unhealthy, draining, disabled,
   * weight 0, ejected, at its connection limit, and already tried.
   */
  private static Fixture fixture(Algorithm algorithm) {
    List<Backend> all = new ArrayList<>();
    Backend good = new Backend("10.0.0.1", 80, 1, 0);
    Backend down = new Backend("10.0.0.2", 80, 1, 0);
    down.setHealthy(false);
    Backend draining = new Backend("10.0.0.3", 80, 1, 0);
    draining.setAdminState(AdminState.DRAINING);
    Backend disabled = new Backend("10.0.0.4", 80, 1, 0);
    disabled.setAdminState(AdminState.DISABLED);
    Backend weightless = new Backend("10.0.0.5", 80, 0, 0);
    Backend ejected = new Backend("10.0.0.6", 80, 1, 0);
    assertThat(ejected.recordFailure(NOW, 1, 60_000_000_000L)).isTrue();
    Backend full = new Backend("10.0.0.7", 80, 1, 1);
    assertThat(full.tryAcquire()).isTrue();
    Backend tried = new Backend("10.0.0.8", 80, 1, 0);
    all.addAll(List.of(down, draining, good, disabled, weightless, ejected, full, tried));
    return new Fixture(new Pool("p", algorithm, all), good);
  }

  private static PickContext context(Fixture f, SplittableRandom random) {
    PickContext ctx = new PickContext(NOW).setHash(random.nextLong());
    ctx.markTried(f.pool().find("10.0.0.8:80").orElseThrow());
    return ctx;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void onlyTheEligibleBackendIsEverPicked(Algorithm algorithm) {
    Fixture f = fixture(algorithm);
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      Backend b = f.pool().pick(context(f, random));
      assertThat(b).isSameAs(f.good());
      f.pool().release(b);
    }
    assertThat(f.good().active()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void picksNullWhenNoBackendIsEligible(Algorithm algorithm) {
    Fixture f = fixture(algorithm);
    f.good().setHealthy(false);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 50; i++) {
      assertThat(f.pool().pick(context(f, random))).isNull();
      PickContext withoutHash = new PickContext(NOW);
      withoutHash.markTried(f.pool().find("10.0.0.8:80").orElseThrow());
      assertThat(f.pool().pick(withoutHash)).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void ejectedBackendComesBackWhenEjectionExpires(Algorithm algorithm) {
    Backend only = new Backend("10.0.0.1", 80, 1, 0);
    only.recordFailure(NOW, 1, 1_000L);
    Pool pool = new Pool("p", algorithm, List.of(only));
    assertThat(pool.pick(new PickContext(NOW + 999).setHash(5))).isNull();
    Backend b = pool.pick(new PickContext(NOW + 1_000).setHash(5));
    assertThat(b).isSameAs(only);
    pool.release(b);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void backendAtItsLimitIsPickedAgainOnceReleased(Algorithm algorithm) {
    Backend only = new Backend("10.0.0.1", 80, 1, 2);
    Pool pool = new Pool("p", algorithm, List.of(only));
    assertThat(pool.pick(new PickContext(NOW).setHash(1))).isSameAs(only);
    assertThat(pool.pick(new PickContext(NOW).setHash(1))).isSameAs(only);
    assertThat(pool.pick(new PickContext(NOW).setHash(1))).isNull();
    pool.release(only);
    assertThat(pool.pick(new PickContext(NOW).setHash(1))).isSameAs(only);
    assertThat(only.active()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void emptyPoolPicksNull(Algorithm algorithm) {
    Pool pool = new Pool("p", algorithm, List.of());
    assertThat(pool.pick(new PickContext(NOW).setHash(1))).isNull();
    assertThat(pool.pick(new PickContext(NOW))).isNull();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void retriesGoToEveryOtherBackendBeforeGivingUp(Algorithm algorithm) {
    Pool pool = new Pool("p", algorithm, Backends.weighted(3, 1, 2, 1, 1));
    PickContext ctx = new PickContext(NOW).setHash(42);
    List<Backend> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Backend b = pool.pick(ctx);
      assertThat(b).isNotNull();
      seen.add(b);
      ctx.markTried(b);
      pool.release(b);
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(pool.backends());
    assertThat(pool.pick(ctx)).isNull();
  }
}
