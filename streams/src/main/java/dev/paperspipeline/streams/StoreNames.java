package dev.paperspipeline.streams;

/**
 * The one place that names the state stores and stateful operators of the streams app, so that
 * changelog and repartition topics ({@code papers-pipeline-<name>-changelog}, {@code -repartition})
 * stay stable across releases. Stores are queryable through interactive queries under these names.
 */
public final class StoreNames {
  /**
   * Dedupe state: window store, key paperId, value {@code UniquePaper} (sighting counts so far),
   * window start = first sighting time; retention = the dedupe horizon.
   */
  public static final String DEDUPE_SIGHTINGS = "dedupe-sightings-store";

  /** The dedupe processor node. */
  public static final String DEDUPE_PROCESSOR = "dedupe-processor";

  /** The enrichment node. */
  public static final String ENRICH_PROCESSOR = "enrich-processor";

  /** Node turning enriched papers into per-window trend hits. */
  public static final String TRENDS_HITS = "trends-hits";

  /**
   * Repartition of trend hits by kind (see TrendsTopology for why). The name is that of the
   * internal topic running apps already have, so it stays though the hits are not keyed by window.
   */
  public static final String TRENDS_REPARTITION = "trends-by-window";

  /** The trends processor node (counts, closing, top-N). */
  public static final String TRENDS_PROCESSOR = "trends-processor";

  /**
   * Trend counts: key-value store, key {@code <kind>:<name>@<window>:<windowStart ISO date>} (the
   * topic-trends key, so a range scan over {@code <kind>:<name>@<window>:} lists one topic's
   * windows in date order), value {@code TopicTrend}.
   */
  public static final String TREND_COUNTS = "trend-counts-store";

  /**
   * Papers counted per window, for idempotent counting, closing and drill-down: key {@code <kind>@<
   * window>:<windowStart ISO date>|<paperId>}, value the paper's title and the names it was counted
   * under ({@code TrendKeys#memberValue}). A prefix scan over {@code <window key>|} lists the
   * papers of a window.
   */
  public static final String TREND_MEMBERS = "trend-window-members-store";

  /**
   * Windows not yet closed: key {@code <windowEnd epoch ms, 13 digits>|<kind>|<window>|<windowStart
   * epoch ms>}, value empty. Scanned in windowEnd order by the closing punctuation.
   */
  public static final String TREND_OPEN_WINDOWS = "trend-window-ends-store";

  /**
   * Current top-N per window: key {@code <kind>@<window>:<windowStart ISO date>} (the
   * trending-topics key), value {@code TrendingTopics}.
   */
  public static final String TRENDING = "trending-store";

  /**
   * Trend windows whose changes were not yet emitted: key the trending-topics key of the window,
   * value empty. Emptied at every emission; after a crash, the windows it lists are derived again
   * from {@link #TREND_MEMBERS} and emitted.
   */
  public static final String TRENDS_DIRTY_WINDOWS = "trends-dirty-windows-store";

  private StoreNames() {}
}
