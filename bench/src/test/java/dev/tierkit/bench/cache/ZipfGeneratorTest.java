package dev.tierkit.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipfGeneratorTest {
  @ParameterizedTest
  @CsvSource({"1, 0.99", "10, 0.99", "10, 1.0", "50, 0.5", "50, 1.5", "1000, 0.99"})
  void frequenciesMatchTheExactDistribution(int n, double exponent) {
    ZipfGenerator zipf = new ZipfGenerator(n, exponent, 7);
    int draws = 1_000_000;
    long[] counts = new long[n];
    for (int i = 0; i < draws; i++) {
      long k = zipf.next();
      assertThat(k).isBetween(0L, n - 1L);
      counts[(int) k]++;
    }
    for (int k = 0; k < Math.min(n, 20); k++) {
      double expected = zipf.probability(k);
      // five standard deviations of a binomial count, plus a little for tiny probabilities
      double tolerance = 5 * Math.sqrt(expected * (1 - expected) / draws) + 1e-5;
      assertThat((double) counts[k] / draws)
          .as("value %d", k)
          .isCloseTo(expected, within(tolerance));
    }
  }

  @ParameterizedTest
  @CsvSource({"1000000, 0.99", "100000000, 0.99"})
  void largeKeySpacesStayInRangeAndKeepTheHotHead(long n, double exponent) {
    ZipfGenerator zipf = new ZipfGenerator(n, exponent, 11);
    int draws = 1_000_000;
    long zeros = 0;
    for (int i = 0; i < draws; i++) {
      long k = zipf.next();
      assertThat(k).isBetween(0L, n - 1);
      if (k == 0) {
        zeros++;
      }
    }
    // P(0) = 1 / H(n, s); H(n, s) from the Euler-Maclaurin approximation of the sum
    double harmonic =
        (Math.pow(n, 1 - exponent) - 1) / (1 - exponent)
            + 0.5 * (1 + Math.pow(n, -exponent))
            + exponent / 12 * (1 - Math.pow(n, -exponent - 1));
    double expected = 1 / harmonic;
    assertThat((double) zeros / draws).isCloseTo(expected, within(0.002));
  }
}
