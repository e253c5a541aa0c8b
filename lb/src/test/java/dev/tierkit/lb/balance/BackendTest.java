package dev.tierkit.lb.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackendTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void ejectedAfterConsecutiveFailuresUntilTheEjectionExpires() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    long now = 5 * SECOND;
    assertThat(b.recordFailure(now, 3, 10 * SECOND)).isFalse();
    assertThat(b.recordFailure(now, 3, 10 * SECOND)).isFalse();
    assertThat(b.available(now)).isTrue();
    assertThat(b.recordFailure(now, 3, 10 * SECOND)).isTrue();
    assertThat(b.ejected(now)).isTrue();
    assertThat(b.available(now + 10 * SECOND - 1)).isFalse();
    assertThat(b.ejected(now + 10 * SECOND)).isFalse();
    assertThat(b.available(now + 10 * SECOND)).isTrue();
  }

  @Test
  void successBreaksTheRunOfFailures() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    b.recordFailure(0, 2, SECOND);
    b.recordSuccess(1000);
    assertThat(b.recordFailure(0, 2, SECOND)).isFalse();
    assertThat(b.available(0)).isTrue();
    assertThat(b.requests()).isEqualTo(3);
    assertThat(b.failures()).isEqualTo(2);
    assertThat(b.meanLatencyNanos()).isEqualTo(1000);
  }

  @Test
  void successEndsAnEjectionEarly() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    assertThat(b.recordFailure(0, 1, SECOND)).isTrue();
    b.recordSuccess(1);
    assertThat(b.ejected(0)).isFalse();
  }

  @Test
  void ejectAfterZeroNeverEjects() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    for (int i = 0; i < 100; i++) {
      assertThat(b.recordFailure(0, 0, SECOND)).isFalse();
    }
    assertThat(b.available(0)).isTrue();
  }

  @Test
  void ejectionWorksAcrossTheNanoTimeWrap() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    long now = Long.MAX_VALUE - SECOND / 2;
    assertThat(b.recordFailure(now, 1, SECOND)).isTrue();
    assertThat(b.ejected(now + SECOND / 2 + 1)).isTrue();
    assertThat(b.ejected(now + SECOND)).isFalse();
  }

  @Test
  void connectionLimitIsEnforcedByTryAcquire() {
    Backend b = new Backend("10.0.0.1", 80, 1, 2);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.hasCapacity()).isFalse();
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.active()).isEqualTo(2);
    b.release();
    assertThat(b.hasCapacity()).isTrue();
  }

  @Test
  void availabilityFollowsAdminStateHealthAndWeight() {
    Backend b = new Backend("10.0.0.1", 80, 1, 0);
    assertThat(b.available(0)).isTrue();
    b.setAdminState(AdminState.DRAINING);
    assertThat(b.available(0)).isFalse();
    b.setAdminState(AdminState.ENABLED);
    b.setHealthy(false);
    assertThat(b.available(0)).isFalse();
    b.setHealthy(true);
    b.setWeight(0);
    assertThat(b.available(0)).isFalse();
  }

  @Test
  void idsBracketIpv6AndArgumentsAreChecked() {
    assertThat(new Backend("::1", 80, 1, 0).id()).isEqualTo("[::1]:80");
    assertThat(new Backend("app", 8080, 1, 0).id()).isEqualTo("app:8080");
    assertThatThrownBy(() -> new Backend("a", 0, 1, 0)).hasMessageContaining("port");
    assertThatThrownBy(() -> new Backend("a", 80, 257, 0)).hasMessageContaining("weight");
    assertThatThrownBy(() -> new Backend("a", 80, 1, -1)).hasMessageContaining("maxConnections");
  }
}
