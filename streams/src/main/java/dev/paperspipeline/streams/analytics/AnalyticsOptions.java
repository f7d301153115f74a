package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;

/**
 * Options of the analytics app.
 *
 * @param trends the window semantics shared with the trends stage: grace before a window's first
 *     final record, close-check interval, retention and maximum skew ({@link TrendsOptions}; its
 *     {@code topN} is unused here)
 * @param bursts options of {@code topic-bursts}
 * @param emerging options of {@code emerging-phrases}
 */
public record AnalyticsOptions(
    TrendsOptions trends, BurstOptions bursts, EmergingOptions emerging) {
  /** The defaults. */
  public static AnalyticsOptions defaults() {
    return new AnalyticsOptions(
        TrendsOptions.defaults(), BurstOptions.defaults(), EmergingOptions.defaults());
  }

  /** These options with another close-check interval (the demo and tests close windows sooner). */
  public AnalyticsOptions withCloseCheckInterval(Duration interval) {
    return new AnalyticsOptions(
        new TrendsOptions(
            trends.grace(), trends.topN(), interval, trends.retention(), trends.maxSkew()),
        bursts,
        emerging);
  }
}
