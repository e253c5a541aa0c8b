package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TtlPolicyTest {

  @Test
  void defaultsFollowVarnish() {
    assertThat(TtlPolicy.DEFAULTS.defaultTtlMillis()).isEqualTo(120_000);
    assertThat(TtlPolicy.DEFAULTS.minTtlMillis()).isZero();
    assertThat(TtlPolicy.DEFAULTS.maxTtlMillis()).isEqualTo(365L * 24 * 3600 * 1000);
    assertThat(TtlPolicy.DEFAULTS.graceMillis()).isZero();
    assertThat(TtlPolicy.DEFAULTS.heuristicFraction()).isEqualTo(0.1);
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> new TtlPolicy(-1, 0, 10, 0, 0.1))
        .hasMessageContaining("--default-ttl");
    assertThatThrownBy(() -> new TtlPolicy(1, -1, 10, 0, 0.1)).hasMessageContaining("--min-ttl");
    assertThatThrownBy(() -> new TtlPolicy(1, 20, 10, 0, 0.1)).hasMessageContaining("--max-ttl");
    assertThatThrownBy(() -> new TtlPolicy(1, 0, 10, -5, 0.1)).hasMessageContaining("--grace");
    assertThatThrownBy(() -> new TtlPolicy(1, 0, 10, 0, Double.NaN))
        .hasMessageContaining("heuristic");
    assertThatThrownBy(() -> new TtlPolicy(1, 0, 10, 0, 1.5)).hasMessageContaining("heuristic");
  }

  @Test
  void clampKeepsLifetimesWithinMinAndMax() {
    TtlPolicy p = new TtlPolicy(0, 10, 100, 0, 0);
    assertThat(p.clamp(0)).isEqualTo(10);
    assertThat(p.clamp(50)).isEqualTo(50);
    assertThat(p.clamp(Long.MAX_VALUE)).isEqualTo(100);
  }
}
