package dev.paperspipeline.streams.trends;

/** What a trend counts. */
public enum TrendKind {
  /** A taxonomy topic id. */
  TOPIC,
  /** A keyphrase. */
  KEYPHRASE
}
