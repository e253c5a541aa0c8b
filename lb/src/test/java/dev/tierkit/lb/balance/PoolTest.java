package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolTest {
  private static Pool limitedPool() {
    return new Pool("p", Algorithm.ROUND_ROBIN, List.of(new Backend("10.0.0.1", 80, 1, 1)));
  }

  @Test
  void releaseHandsTheSlotToTheOldestWaiterOnce() {
    Pool pool = limitedPool();
    Backend b = pool.pick(new PickContext(0));
    assertThat(pool.pick(new PickContext(0))).isNull();
    List<String> woken = new ArrayList<>();
    assertThat(pool.await(() -> woken.add("first"), 10)).isNotNull();
    assertThat(pool.await(() -> woken.add("second"), 10)).isNotNull();
    assertThat(pool.waiting()).isEqualTo(2);
    pool.release(b);
    assertThat(woken).containsExactly("first");
    assertThat(pool.waiting()).isEqualTo(1);
    Backend again = pool.pick(new PickContext(0));
    assertThat(again).isSameAs(b);
    pool.release(again);
    assertThat(woken).containsExactly("first", "second");
    assertThat(pool.waiting()).isZero();
  }

  @Test
  void cancelledWaiterIsPassedOverAndNeverRuns() {
    Pool pool = limitedPool();
    Backend b = pool.pick(new PickContext(0));
    AtomicInteger cancelledRuns = new AtomicInteger();
    AtomicInteger liveRuns = new AtomicInteger();
    Pool.Waiter cancelled = pool.await(cancelledRuns::incrementAndGet, 10);
    pool.await(liveRuns::incrementAndGet, 10);
    assertThat(cancelled.cancel()).isTrue();
    pool.release(b);
    assertThat(cancelledRuns).hasValue(0);
    assertThat(liveRuns).hasValue(1);
    assertThat(pool.waiting()).isZero();
  }

  @Test
  void cancelAfterTheHandOffReportsTheSlotWasGiven() {
    Pool pool = limitedPool();
    Backend b = pool.pick(new PickContext(0));
    Pool.Waiter waiter = pool.await(() -> {}, 10);
    pool.release(b);
    assertThat(waiter.cancel()).isFalse();
  }

  @Test
  void queueRefusesWaitersPastItsSize() {
    Pool pool = limitedPool();
    assertThat(pool.await(() -> {}, 2)).isNotNull();
    assertThat(pool.await(() -> {}, 2)).isNotNull();
    assertThat(pool.await(() -> {}, 2)).isNull();
    assertThat(pool.await(() -> {}, 0)).isNull();
    assertThat(pool.waiting()).isEqualTo(2);
  }

  @Test
  void releaseWithNoWaitersOnlyFreesTheSlot() {
    Pool pool = limitedPool();
    Backend b = pool.pick(new PickContext(0));
    pool.release(b);
    assertThat(b.active()).isZero();
  }

  @Test
  void stickyValueIsStableHexThatDoesNotShowTheAddress() {
    Backend b = new Backend("10.0.0.1", 8080, 1, 0);
    String value = Pool.stickyValue(b);
    assertThat(value).matches("[0-9a-f]{16}").doesNotContain("10.0.0.1");
    assertThat(Pool.stickyValue(new Backend("10.0.0.1", 8080, 5, 3))).isEqualTo(value);
    assertThat(Pool.stickyValue(new Backend("10.0.0.1", 8081, 1, 0))).isNotEqualTo(value);
  }

  @Test
  void findByStickyFindsABackendOnlyWhileItIsInThePool() {
    Pool pool = new Pool("p", Algorithm.ROUND_ROBIN, Backends.equal(3));
    Backend b = pool.backends().get(1);
    String value = Pool.stickyValue(b);
    assertThat(pool.findBySticky(value)).containsSame(b);
    assertThat(pool.findBySticky("0000000000000000")).isEmpty();
    assertThat(pool.findBySticky("garbage")).isEmpty();
    pool.remove(b.id());
    assertThat(pool.findBySticky(value)).isEmpty();
  }

  @Test
  void removedBackendIsDisabledAndNoLongerPicked() {
    Pool pool = new Pool("p", Algorithm.ROUND_ROBIN, Backends.equal(2));
    Backend gone = pool.remove("10.0.0.1:80").orElseThrow();
    assertThat(gone.adminState()).isEqualTo(AdminState.DISABLED);
    assertThat(pool.backends()).hasSize(1).doesNotContain(gone);
    assertThat(Backends.tally(pool, 10, false)).containsOnlyKeys(pool.backends().get(0));
    assertThat(pool.remove("10.0.0.1:80")).isEmpty();
  }

  @Test
  void addingADuplicateIdFailsAndLeavesThePoolAsItWas() {
    Pool pool = new Pool("p", Algorithm.WEIGHTED_ROUND_ROBIN, Backends.equal(2));
    assertThatThrownBy(() -> pool.add(new Backend("10.0.0.2", 80, 3, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10.0.0.2:80");
    assertThat(pool.backends()).hasSize(2);
    List<Backend> twice =
        List.of(new Backend("10.0.0.1", 80, 1, 0), new Backend("10.0.0.1", 80, 2, 0));
    assertThatThrownBy(() -> new Pool("p", Algorithm.ROUND_ROBIN, twice))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }

  @Test
  void anyAvailableIgnoresConnectionLimits() {
    Pool pool = limitedPool();
    Backend b = pool.pick(new PickContext(0));
    assertThat(pool.anyAvailable(0)).isTrue();
    b.setHealthy(false);
    assertThat(pool.anyAvailable(0)).isFalse();
    pool.release(b);
  }

  @Test
  void settingsDefaultAndAreValidated() {
    assertThat(new Pool("p", Algorithm.ROUND_ROBIN, List.of()).settings())
        .isEqualTo(BalancerSettings.DEFAULTS);
    assertThat(BalancerSettings.DEFAULTS.virtualNodes()).isEqualTo(100);
    assertThat(BalancerSettings.DEFAULTS.boundedLoad()).isEqualTo(1.25);
    assertThatThrownBy(() -> new BalancerSettings(0, 1.25)).hasMessageContaining("virtualNodes");
    assertThatThrownBy(() -> new BalancerSettings(100, 0.5)).hasMessageContaining("boundedLoad");
    assertThat(new BalancerSettings(1, 0).boundedLoad()).isZero();
  }
}
