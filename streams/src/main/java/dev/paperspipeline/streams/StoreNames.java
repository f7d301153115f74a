package dev.paperspipeline.streams;

/**
 * The one place that names the state stores and stateful operators of the streams app, so that
 * changelog and repartition topics ({@code papers-pipeline-<name>-changelog}, {@code -repartition})
 * stay stable across releases. Stores are queryable through interactive queries under these names.
 */
public final class StoreNames {
  /**
   * Dedupe state: window store, key paperId, value {@code PaperSighting} (the sighting summary so
   * far, no abstract), window start = first sighting time; retention = the dedupe horizon.
   */
  public static final String DEDUPE_SIGHTINGS = "dedupe-sightings-store";

  /**
   * The papers of papers-unique: global key-value store, key paperId, value the papers-unique
   * record's bytes ({@code UniquePaper}, schema-registry wire format). Restored from papers-unique
   * (compacted), no changelog of its own.
   */
  public static final String PAPERS = "papers-unique-store";

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

  /**
   * The event time each paper is counted at by trends: window store, key paperId, value epoch ms,
   * window start = that day, retention = the trends retention. A paper read again with an earlier
   * digest date moves there (CountedDates); with a later one it stays.
   */
  public static final String TREND_COUNTED_DATES = "trends-counted-dates-store";

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

  /** The open-code share processor node (also the prefix of its other node names). */
  public static final String OPEN_CODE_PROCESSOR = "open-code-share-processor";

  /** Repartition of lean enriched papers to one partition (see OpenCodeShareTopology). */
  public static final String OPEN_CODE_REPARTITION = "open-code-share-by-week";

  /**
   * Papers counted per week and topic: key {@code <week ISO>|<topic>|<paperId>} (and {@code
   * paper|<paperId>} for the paper's counted record), value an Avro {@code OpenCodePaper}.
   */
  public static final String OPEN_CODE_MEMBERS = "open-code-share-members-store";

  /** Open-code share per week and topic: key {@code <week ISO>|<topic>}, value OpenCodeShare. */
  public static final String OPEN_CODE_COUNTS = "open-code-share-store";

  /** Weeks of the open-code share (open or closed) and its trends clock (see WindowLifecycle). */
  public static final String OPEN_CODE_WEEKS = "open-code-share-weeks-store";

  /** Open-code share keys changed since the last emission: key {@code <week ISO>|<topic>}. */
  public static final String OPEN_CODE_DIRTY = "open-code-share-dirty-store";

  /** The staying-power processor node (also the prefix of its other node names). */
  public static final String STAYING_PROCESSOR = "staying-power-processor";

  /** Repartition of lean paper sightings to one partition (see StayingPowerTopology). */
  public static final String STAYING_REPARTITION = "staying-power-by-week";

  /**
   * Each paper's sightings per digest date as far as paper-sightings tells them: key paperId, value
   * an Avro {@code StayingPaperDays} (see StayingPowerTopology).
   */
  public static final String STAYING_PAPERS = "staying-power-papers-store";

  /** Papers seen per week: key {@code <week ISO>|<paperId>}, value empty. */
  public static final String STAYING_WEEK_PAPERS = "staying-power-week-papers-store";

  /** The ranking per week: key {@code WEEK:<week ISO>}, value StayingPower. */
  public static final String STAYING_RANKINGS = "staying-power-store";

  /** Weeks of staying power (open or closed) and its trends clock (see WindowLifecycle). */
  public static final String STAYING_WEEKS = "staying-power-weeks-store";

  /** Staying-power weeks changed since the last emission: key {@code WEEK:<week ISO>}. */
  public static final String STAYING_DIRTY = "staying-power-dirty-store";

  /** The digest-health processor node (also the prefix of its other node names). */
  public static final String HEALTH_PROCESSOR = "digest-health-processor";

  /** Repartition of digest-files records to one partition (see DigestHealthTopology). */
  public static final String HEALTH_REPARTITION = "digest-health-all-dates";

  /** Health per digest date with a file: key ISO date, value DigestHealth. */
  public static final String HEALTH_DATES = "digest-health-store";

  /**
   * What digest health has seen: {@code file|<sha256>|<status>|<name>} per counted file, {@code
   * paper|<ISO date>|<paperId>} per paper of a date (for near duplicates), value empty.
   */
  public static final String HEALTH_SEEN = "digest-health-seen-store";

  // The analytics app (application id <pipeline app id>-analytics): its own stores and topics.

  /** Node turning enriched papers into per-kind hits in the analytics app. */
  public static final String ANALYTICS_HITS = "analytics-hits";

  /** The event time each paper is counted at by the analytics, as {@link #TREND_COUNTED_DATES}. */
  public static final String ANALYTICS_COUNTED_DATES = "analytics-counted-dates-store";

  /** Repartition of the analytics hits by kind: every window of one kind meets in one task. */
  public static final String ANALYTICS_REPARTITION = "analytics-hits-by-kind";

  /**
   * Sightings per paper, a store fed by paper-sightings: key paperId, value the sightings count.
   * Bursts and emerging phrases rank the papers they name by it.
   */
  public static final String ANALYTICS_SIGHTINGS = "analytics-sightings-store";

  /** Repartition of paper-sightings counts to the hits' single partition. */
  public static final String ANALYTICS_SIGHTINGS_REPARTITION = "analytics-sightings-by-paper";

  /** The node that writes paper-sightings into {@link #ANALYTICS_SIGHTINGS}. */
  public static final String ANALYTICS_SIGHTINGS_PROCESSOR = "analytics-sightings-processor";

  /** The bursts processor node. */
  public static final String BURSTS_PROCESSOR = "bursts-processor";

  /**
   * Papers counted per day for bursts, as {@link #TREND_MEMBERS} (same keys and values), so that
   * the analytics app derives every window's counts and its papers without the trends app's stores.
   */
  public static final String BURST_MEMBERS = "bursts-window-members-store";

  /**
   * Burst windows not yet closed and the analytics clock, as {@link #TREND_OPEN_WINDOWS}; closed
   * windows are remembered under {@code ~closed|<kind>@<window>:<start ISO>}.
   */
  public static final String BURST_OPEN_WINDOWS = "bursts-window-ends-store";

  /**
   * The latest topic-bursts record of every burst: key the topic-bursts key, value {@code
   * TopicBurst}.
   */
  public static final String TOPIC_BURSTS = "topic-bursts-store";

  /**
   * Burst windows whose changes were not yet evaluated and emitted (see {@link
   * #TRENDS_DIRTY_WINDOWS}).
   */
  public static final String BURSTS_DIRTY_WINDOWS = "bursts-dirty-windows-store";

  /** The emerging-phrases processor node. */
  public static final String EMERGING_PROCESSOR = "emerging-phrases-processor";

  /** Keyphrases counted per day for emerging phrases, as {@link #TREND_MEMBERS}. */
  public static final String EMERGING_MEMBERS = "emerging-members-store";

  /**
   * Per keyphrase, its first digest date, its papers and a few example papers: key keyphrase, value
   * an Avro {@code EmergingPhraseState}.
   */
  public static final String EMERGING_PHRASES = "emerging-phrases-store";

  /**
   * Emerging phrases' clock: the window lifecycle's keys ({@code ~event-time}) and {@code
   * ~first-day}, the earliest digest date seen.
   */
  public static final String EMERGING_CLOCK = "emerging-clock-store";

  /** Keyphrases whose count grew since the last emission. */
  public static final String EMERGING_DIRTY = "emerging-dirty-phrases-store";

  private StoreNames() {}
}
