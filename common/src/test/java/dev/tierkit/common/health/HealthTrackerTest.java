package dev.tierkit.common.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.health.HealthTracker.Change;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
  @Test
  void upBackendGoesDownOnExactlyTheFallthFailure() {
    HealthTracker tracker = new HealthTracker(2, 3, true);
    assertThat(tracker.record(false)).isEqualTo(Change.NONE);
    assertThat(tracker.record(false)).isEqualTo(Change.NONE);
    assertThat(tracker.run()).isEqualTo(2);
    assertThat(tracker.record(false)).isEqualTo(Change.DOWN);
    assertThat(tracker.healthy()).isFalse();
    assertThat(tracker.record(false)).isEqualTo(Change.NONE);
  }

  @Test
  void downBackendComesUpOnExactlyTheRisethPass() {
    HealthTracker tracker = new HealthTracker(2, 3, false);
    assertThat(tracker.record(true)).isEqualTo(Change.NONE);
    assertThat(tracker.record(true)).isEqualTo(Change.UP);
    assertThat(tracker.healthy()).isTrue();
    assertThat(tracker.record(true)).isEqualTo(Change.NONE);
  }

  @Test
  void aResultAgainstTheRunStartsItOver() {
    HealthTracker tracker = new HealthTracker(2, 3, true);
    for (int i = 0; i < 20; i++) {
      assertThat(tracker.record(false)).isEqualTo(Change.NONE);
      assertThat(tracker.record(false)).isEqualTo(Change.NONE);
      assertThat(tracker.record(true)).isEqualTo(Change.NONE);
    }
    assertThat(tracker.healthy()).isTrue();
    assertThat(tracker.run()).isZero();
  }

  @Test
  void flappingDownBackendStaysDown() {
    HealthTracker tracker = new HealthTracker(3, 1, false);
    for (int i = 0; i < 20; i++) {
      tracker.record(true);
      tracker.record(true);
      assertThat(tracker.record(false)).isEqualTo(Change.NONE);
    }
    assertThat(tracker.healthy()).isFalse();
  }

  @Test
  void riseAndFallOfOneFlipOnEveryChange() {
    HealthTracker tracker = new HealthTracker(1, 1, true);
    assertThat(tracker.record(false)).isEqualTo(Change.DOWN);
    assertThat(tracker.record(true)).isEqualTo(Change.UP);
  }

  @Test
  void newThresholdsApplyToTheRunInProgress() {
    HealthTracker tracker = new HealthTracker(2, 5, true);
    tracker.record(false);
    tracker.record(false);
    tracker.setThresholds(2, 3);
    assertThat(tracker.record(false)).isEqualTo(Change.DOWN);
    assertThatThrownBy(() -> tracker.setThresholds(0, 1)).hasMessageContaining("rise");
    assertThatThrownBy(() -> new HealthTracker(1, 0, true)).hasMessageContaining("fall");
  }
}
