package dev.tierkit.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void valuesLandInThePowerOfTwoBucketThatBoundsThem() {
    Histogram h = new Histogram(4, 8, 1.0); // bounds 16, 32, 64, 128, 256, +Inf
    assertThat(h.finiteBucketCount()).isEqualTo(5);
    assertThat(h.bucketIndex(0)).isEqualTo(0);
    assertThat(h.bucketIndex(16)).isEqualTo(0);
    assertThat(h.bucketIndex(17)).isEqualTo(1);
    assertThat(h.bucketIndex(32)).isEqualTo(1);
    assertThat(h.bucketIndex(33)).isEqualTo(2);
    assertThat(h.bucketIndex(256)).isEqualTo(4);
    assertThat(h.bucketIndex(257)).isEqualTo(5);
    assertThat(h.bucketIndex(Long.MAX_VALUE)).isEqualTo(5);
    assertThat(h.upperBound(0)).isEqualTo(16.0);
    assertThat(h.upperBound(4)).isEqualTo(256.0);
  }

  @Test
  void everyValueIsAtMostItsBucketBoundAndAboveThePreviousOne() {
    Histogram h = new Histogram(0, 40, 1.0);
    for (long v = 1; v < 5_000; v++) {
      int i = h.bucketIndex(v);
      assertThat((double) v).isLessThanOrEqualTo(h.upperBound(i));
      if (i > 0) {
        assertThat((double) v).isGreaterThan(h.upperBound(i - 1));
      }
    }
  }

  @Test
  void countAndScaledSumFollowRecords() {
    Histogram h = new Histogram(10, 35, 1e-9);
    h.record(2_000);
    h.record(-5);
    h.record(1_000_000_000);
    assertThat(h.count()).isEqualTo(3);
    assertThat(h.sum()).isCloseTo(1.000002, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void badExponentsAreRejectedNamingThem() {
    assertThatThrownBy(() -> new Histogram(9, 3, 1.0)).hasMessageContaining("min=9 max=3");
    assertThatThrownBy(() -> new Histogram(0, 63, 1.0)).hasMessageContaining("max=63");
  }
}
