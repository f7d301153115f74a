package dev.paperspipeline.streams.analytics;

/**
 * The upper tail of a Poisson distribution, P(X ≥ k) for a mean λ, in log space so that the tiny
 * p-values of real bursts do not underflow to 0 before their score is taken.
 */
final class PoissonTail {
  private static final double LN10 = Math.log(10);

  private PoissonTail() {}

  /** ln P(X ≥ k) for X ~ Poisson(lambda); 0 for k ≤ 0. */
  static double logUpperTail(long k, double lambda) {
    if (k <= 0) {
      return 0;
    }
    if (lambda <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double lnLambda = Math.log(lambda);
    if (k <= lambda) {
      // the tail is large here: 1 - P(X < k) loses nothing
      double term = -lambda;
      double cdf = Math.exp(term);
      for (long i = 1; i < k; i++) {
        term += lnLambda - Math.log(i);
        cdf += Math.exp(term);
      }
      return Math.log(Math.max(Double.MIN_NORMAL, 1 - cdf));
    }
    // ln of the first tail term, then the rest as ratios to it: they decrease since k > lambda
    double lnFirst = -lambda + k * lnLambda - lnFactorial(k);
    double sum = 1;
    double ratio = 1;
    for (long i = k + 1; ratio > 1e-17 * sum && i < k + 100_000; i++) {
      ratio *= lambda / i;
      sum += ratio;
    }
    return lnFirst + Math.log(sum);
  }

  /** The burst score: -log10 P(X ≥ k). */
  static double score(long k, double lambda) {
    double s = -logUpperTail(k, lambda) / LN10;
    return s == 0 ? 0 : s; // no -0.0
  }

  private static double lnFactorial(long n) {
    double s = 0;
    for (long i = 2; i <= n; i++) {
      s += Math.log(i);
    }
    return s;
  }
}
