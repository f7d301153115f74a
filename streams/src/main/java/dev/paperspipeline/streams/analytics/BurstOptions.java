package dev.paperspipeline.streams.analytics;

/**
 * Options of {@code topic-bursts} ({@link BurstsTopology}).
 *
 * @param minScore a window is a burst when its score, -log10 of the Poisson upper-tail p-value, is
 *     at least this (3.0: p ≤ 0.001)
 * @param minCount and when it has at least this many papers (a single paper is never a burst,
 *     however rare its topic)
 * @param dayBaseline trailing DAY windows the baseline of a day is taken over (28)
 * @param weekBaseline trailing WEEK windows the baseline of a week is taken over (4)
 * @param minBaselineWindows windows of the baseline in which the kind had any paper needed before a
 *     window is scored at all: without history every name would be a surprise
 * @param topPapers papers named in each burst record
 */
public record BurstOptions(
    double minScore,
    int minCount,
    int dayBaseline,
    int weekBaseline,
    int minBaselineWindows,
    int topPapers) {
  /** Default minimum score: 3.0, a p-value of at most 0.001. */
  public static final double DEFAULT_MIN_SCORE = 3.0;

  /** Default minimum count: 3 papers. */
  public static final int DEFAULT_MIN_COUNT = 3;

  /** Default DAY baseline: the previous 28 days. */
  public static final int DEFAULT_DAY_BASELINE = 28;

  /** Default WEEK baseline: the previous 4 weeks. */
  public static final int DEFAULT_WEEK_BASELINE = 4;

  /** Default minimum of baseline windows with data: 2. */
  public static final int DEFAULT_MIN_BASELINE_WINDOWS = 2;

  /** Default papers per burst: 5. */
  public static final int DEFAULT_TOP_PAPERS = 5;

  public BurstOptions {
    if (minCount < 1 || dayBaseline < 1 || weekBaseline < 1 || topPapers < 0) {
      throw new IllegalArgumentException(
          "minCount, dayBaseline and weekBaseline must be positive, topPapers not negative");
    }
    if (minBaselineWindows < 1 || minBaselineWindows > Math.min(dayBaseline, weekBaseline)) {
      throw new IllegalArgumentException(
          "minBaselineWindows must be in 1..min(dayBaseline, weekBaseline): " + minBaselineWindows);
    }
  }

  /** The defaults. */
  public static BurstOptions defaults() {
    return new BurstOptions(
        DEFAULT_MIN_SCORE,
        DEFAULT_MIN_COUNT,
        DEFAULT_DAY_BASELINE,
        DEFAULT_WEEK_BASELINE,
        DEFAULT_MIN_BASELINE_WINDOWS,
        DEFAULT_TOP_PAPERS);
  }
}
