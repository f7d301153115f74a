package dev.paperspipeline.schemas;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The one place that names the pipeline's topics and says which Avro schema is each topic's value.
 * Keys are strings on every topic.
 */
public final class Topics {
  /** Per-paper sightings produced by ingest. Key: paperId. Value: {@link PaperEvent}. */
  public static final String PAPERS_RAW = "papers-raw";

  /**
   * First sighting of each paper within the dedupe horizon. Key: paperId. Value: {@link
   * UniquePaper}.
   */
  public static final String PAPERS_UNIQUE = "papers-unique";

  /** Every sighting's updated counts (compacted). Key: paperId. Value: {@link UniquePaper}. */
  public static final String PAPER_SIGHTINGS = "paper-sightings";

  /**
   * Unique papers with topics, keyphrases, links and mentions. Key: paperId. Value: {@link
   * EnrichedPaper}.
   */
  public static final String PAPERS_ENRICHED = "papers-enriched";

  /** Per-topic and per-keyphrase counts per window. Value: {@link TopicTrend}. */
  public static final String TOPIC_TRENDS = "topic-trends";

  /** Top-N topics and keyphrases per window. Value: {@link TrendingTopics}. */
  public static final String TRENDING_TOPICS = "trending-topics";

  /** Rejected input from every stage. Value: {@link DeadLetter}. */
  public static final String DEAD_LETTER = "papers-dead-letter";

  /**
   * Digest files ingest has fully processed (compacted). Key: file SHA-256. Value: {@link
   * IngestLedgerEntry}.
   */
  public static final String INGEST_LEDGER = "papers-ingest-ledger";

  /** A topic with the schema of its values. */
  public record TopicContract(String topic, Schema valueSchema, boolean compacted) {
    /** The schema registry subject of the value under TopicNameStrategy. */
    public String valueSubject() {
      return topic + "-value";
    }
  }

  /** Every topic of the pipeline, in data-flow order. */
  public static final List<TopicContract> ALL =
      List.of(
          new TopicContract(PAPERS_RAW, PaperEvent.getClassSchema(), false),
          new TopicContract(PAPERS_UNIQUE, UniquePaper.getClassSchema(), false),
          new TopicContract(PAPER_SIGHTINGS, UniquePaper.getClassSchema(), true),
          new TopicContract(PAPERS_ENRICHED, EnrichedPaper.getClassSchema(), false),
          new TopicContract(TOPIC_TRENDS, TopicTrend.getClassSchema(), false),
          new TopicContract(TRENDING_TOPICS, TrendingTopics.getClassSchema(), false),
          new TopicContract(DEAD_LETTER, DeadLetter.getClassSchema(), false),
          new TopicContract(INGEST_LEDGER, IngestLedgerEntry.getClassSchema(), true));

  private Topics() {}
}
