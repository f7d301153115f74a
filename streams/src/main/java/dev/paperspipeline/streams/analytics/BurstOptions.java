package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.streams.trends.TrendWindow;
import java.util.EnumMap;
import java.util.Map;

/**
 * Options of {@code topic-bursts} ({@link BurstsTopology}).
 *
 * @param minScore a window is a burst when its score, -log10 of the Poisson upper-tail p-value, is
 *     at least this (3.0: p ≤ 0.001)
 * @param minCount and when it has at least this many papers (a single paper is never a burst,
 *     however rare its topic)
 * @param baselines per window type, the trailing windows of that type the baseline of a window is
 *     taken over (by default {@link TrendWindow#defaultBaseline()}: 28 days, 4 weeks)
 * @param minBaselineWindows windows of the baseline in which the kind had any paper needed before a
 *     window is scored at all: without history every name would be a surprise
 * @param topPapers papers named in each burst record
 */
public record BurstOptions(
    double minScore,
    int minCount,
    Map<TrendWindow, Integer> baselines,
    int minBaselineWindows,
    int topPapers) {
  /** Default minimum score: 3.0, a p-value of at most 0.001. */
  public static final double DEFAULT_MIN_SCORE = 3.0;

  /** Default minimum count: 3 papers. */
  public static final int DEFAULT_MIN_COUNT = 3;

  /** Default WEEK baseline: the previous 4 weeks (the weekly report's baseline). */
  public static final int DEFAULT_WEEK_BASELINE = TrendWindow.WEEK.defaultBaseline();

  /** Default minimum of baseline windows with data: 2. */
  public static final int DEFAULT_MIN_BASELINE_WINDOWS = 2;

  /** Default papers per burst: 5. */
  public static final int DEFAULT_TOP_PAPERS = 5;

  public BurstOptions {
    baselines = Map.copyOf(new EnumMap<>(baselines));
    for (TrendWindow w : TrendWindow.values()) {
      Integer b = baselines.get(w);
      if (b == null || b < 1) {
        throw new IllegalArgumentException("the " + w + " baseline must be positive: " + b);
      }
      if (minBaselineWindows < 1 || minBaselineWindows > b) {
        throw new IllegalArgumentException(
            "minBaselineWindows must be in 1..the smallest baseline ("
                + w
                + ": "
                + b
                + "): "
                + minBaselineWindows);
      }
    }
    if (minCount < 1 || topPapers < 0) {
      throw new IllegalArgumentException("minCount must be positive, topPapers not negative");
    }
  }

  /** Trailing windows of type {@code w} a window of that type is compared with. */
  public int baseline(TrendWindow w) {
    return baselines.get(w);
  }

  /** The WEEK baseline, which the weekly views quote. */
  public int weekBaseline() {
    return baseline(TrendWindow.WEEK);
  }

  /** Every window type's default baseline. */
  public static Map<TrendWindow, Integer> defaultBaselines() {
    Map<TrendWindow, Integer> baselines = new EnumMap<>(TrendWindow.class);
    for (TrendWindow w : TrendWindow.values()) {
      baselines.put(w, w.defaultBaseline());
    }
    return baselines;
  }

  /** The defaults. */
  public static BurstOptions defaults() {
    return new BurstOptions(
        DEFAULT_MIN_SCORE,
        DEFAULT_MIN_COUNT,
        defaultBaselines(),
        DEFAULT_MIN_BASELINE_WINDOWS,
        DEFAULT_TOP_PAPERS);
  }
}
