package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A context kept by a connection and reset per request must start each request afresh. */
class PickContextTest {
  @Test
  void resetForgetsTheHashAndTheTriedBackendsAndTakesTheNewTime() {
    Backend a = new Backend("10.0.0.1", 80, 1, 0);
    Backend b = new Backend("10.0.0.2", 80, 1, 0);
    PickContext pick = new PickContext(5).setHash(42);
    pick.markTried(a);
    pick.markTried(b);

    pick.reset(9);

    assertThat(pick.nowNanos()).isEqualTo(9);
    assertThat(pick.hasHash()).isFalse();
    assertThat(pick.hash()).isZero();
    assertThat(pick.triedCount()).isZero();
    assertThat(pick.tried(a)).isFalse();
    assertThat(pick.eligible(b)).isTrue();
  }

  @Test
  void aResetContextRecordsNewTriesAsBefore() {
    Backend a = new Backend("10.0.0.1", 80, 1, 0);
    Backend b = new Backend("10.0.0.2", 80, 1, 0);
    PickContext pick = new PickContext(0);
    pick.markTried(a);
    pick.reset(1);

    pick.markTried(b);

    assertThat(pick.tried(b)).isTrue();
    assertThat(pick.tried(a)).isFalse();
    assertThat(pick.triedCount()).isEqualTo(1);
  }
}
