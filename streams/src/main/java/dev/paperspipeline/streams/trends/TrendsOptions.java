package dev.paperspipeline.streams.trends;

import java.time.Duration;

/**
 * Options of the trends topology.
 *
 * @param grace how long after its end a window waits before its first final result; a paper that
 *     arrives later still counts and revises the window ({@code revision} + 1), so the grace only
 *     trades how early a final comes out against how often it is revised
 * @param topN entries per trending-topics record
 * @param closeCheckInterval how often (wall clock) closed windows are looked for
 * @param retention papers whose digest date is older than the wall clock's day minus this are not
 *     counted: they go to papers-dead-letter and are counted in the {@code dropped-expired-records}
 *     sensor
 * @param maxSkew papers whose digest date is more than this ahead of the wall clock are not counted
 *     (papers-dead-letter, sensor {@code dropped-future-records}), and the trends clock never runs
 *     further ahead of the wall clock than this
 */
public record TrendsOptions(
    Duration grace, int topN, Duration closeCheckInterval, Duration retention, Duration maxSkew) {
  /**
   * Default grace period: a day. Late papers revise a closed window rather than being dropped, so
   * the grace need not cover a backfill.
   */
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

  /** Default number of trending entries. */
  public static final int DEFAULT_TOP_N = 10;

  /** Default interval of the closing punctuation. */
  public static final Duration DEFAULT_CLOSE_CHECK_INTERVAL = Duration.ofSeconds(30);

  /**
   * Default retention: three years (P1095D). A backfill of a digest archive, and a comparison with
   * the same season of the year before last, both stay inside it; what is older is more likely a
   * wrong date (a year inferred from a bad modification time) than a paper worth counting.
   */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(1095);

  /**
   * Default skew: one day. A digest is dated by its day in some time zone, at most 14 hours ahead
   * of UTC; a day ahead of the wall clock is tomorrow's digest, anything further is a wrong date.
   */
  public static final Duration DEFAULT_MAX_SKEW = Duration.ofDays(1);

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
    if (retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("retention must be positive: " + retention);
    }
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }
  }

  /** Options with the default retention and skew. */
  public TrendsOptions(Duration grace, int topN, Duration closeCheckInterval) {
    this(grace, topN, closeCheckInterval, DEFAULT_RETENTION, DEFAULT_MAX_SKEW);
  }

  /** The defaults. */
  public static TrendsOptions defaults() {
    return new TrendsOptions(DEFAULT_GRACE, DEFAULT_TOP_N, DEFAULT_CLOSE_CHECK_INTERVAL);
  }
}
