package dev.tierkit.bench.cache;

import java.util.SplittableRandom;

/**
 * Draws integers in {@code [0, n)} with a Zipf distribution: value {@code k} (rank {@code k + 1})
 * has probability proportional to {@code 1 / (k + 1)^s}. Value 0 is the hottest.
 *
 * <p>Design: rejection-inversion sampling (W. Hörmann and G. Derflinger, "Rejection-inversion to
 * generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996), the method
 * Apache Commons RNG uses for its Zipf sampler. The continuous hat function {@code h(x) = x^-s} is
 * integrated in closed form, a uniform variate is mapped through the inverse integral to a real
 * {@code x}, rounded to the nearest rank {@code k}, and accepted when it falls under the step of
 * height {@code h(k)} centred on {@code k}. Each draw costs O(1) time (a few {@code log} and {@code
 * exp} calls; the expected number of rejections is small, well under one per draw for {@code s}
 * near 1) and O(1) memory, so a key space of any size needs no table, unlike a precomputed CDF with
 * binary search (O(n) memory, O(log n) per draw). The helper functions keep {@code log1p(x)/x} and
 * {@code expm1(x)/x} accurate near {@code s = 1}, where the closed forms divide by {@code 1 - s}.
 *
 * <p>Not thread-safe: give each thread its own generator (they share no state besides the constants
 * computed here).
 */
public final class ZipfGenerator {
  private final long n;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double threshold;
  private final SplittableRandom random;

  /**
   * A generator over {@code [0, n)} with exponent {@code exponent} ({@code 0.99} is the usual
   * web-cache skew), seeded with {@code seed}.
   */
  public ZipfGenerator(long n, double exponent, long seed) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1, got " + n);
    }
    if (!(exponent > 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("exponent must be positive and finite, got " + exponent);
    }
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1;
    this.hIntegralN = hIntegral(n + 0.5);
    this.threshold = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    this.random = new SplittableRandom(seed);
  }

  /** The next value, in {@code [0, n)}. */
  public long next() {
    while (true) {
      double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > n) {
        k = n;
      }
      if (k - x <= threshold || u >= hIntegral(k + 0.5) - h(k)) {
        return k - 1;
      }
    }
  }

  /** The exact probability of value {@code k}, for checks: O(n) per call. */
  public double probability(long k) {
    double norm = 0;
    for (long i = 1; i <= n; i++) {
      norm += Math.pow(i, -exponent);
    }
    return Math.pow(k + 1, -exponent) / norm;
  }

  /** {@code (x^(1-s) - 1) / (1 - s)}, continuous at {@code s = 1} (where it is {@code log x}). */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1 - exponent) * logX) * logX;
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  private double hIntegralInverse(double x) {
    double t = x * (1 - exponent);
    if (t < -1) {
      t = -1; // rounding can push t just past the pole; -1 maps to the lower end
    }
    return Math.exp(log1pOverX(t) * x);
  }

  private static double log1pOverX(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.log1p(x) / x;
    }
    return 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
  }

  private static double expm1OverX(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.expm1(x) / x;
    }
    return 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x));
  }
}
