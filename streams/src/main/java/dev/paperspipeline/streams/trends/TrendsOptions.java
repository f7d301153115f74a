package dev.paperspipeline.streams.trends;

import java.time.Duration;

/**
 * Options of the trends topology.
 *
 * @param grace how long after its end a window still accepts records (explicit, never implied)
 * @param topN entries per trending-topics record
 * @param closeCheckInterval how often (wall clock) closed windows are looked for
 */
public record TrendsOptions(Duration grace, int topN, Duration closeCheckInterval) {
  /** Default grace period: one digest may arrive a day late. */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

  /** Default number of trending entries. */
  public static final int DEFAULT_TOP_N = 10;

  /** Default interval of the closing punctuation. */
  public static final Duration DEFAULT_CLOSE_CHECK_INTERVAL = Duration.ofSeconds(30);

  public TrendsOptions {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
    if (topN < 1) {
      throw new IllegalArgumentException("topN must be positive: " + topN);
    }
    if (closeCheckInterval.isZero() || closeCheckInterval.isNegative()) {
      throw new IllegalArgumentException("closeCheckInterval must be positive");
    }
  }

  /** The defaults. */
  public static TrendsOptions defaults() {
    return new TrendsOptions(DEFAULT_GRACE, DEFAULT_TOP_N, DEFAULT_CLOSE_CHECK_INTERVAL);
  }
}
