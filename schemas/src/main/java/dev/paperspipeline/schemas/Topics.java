package dev.paperspipeline.schemas;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
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
   * First sighting of each paper within the dedupe horizon (compacted: the latest first sighting of
   * each paper is kept, a table of papers). Key: paperId. Value: {@link UniquePaper}.
   */
  public static final String PAPERS_UNIQUE = "papers-unique";

  /**
   * Every sighting's updated counts (compacted). Key: paperId. Value: {@link PaperSighting} (the
   * sighting summary without the abstract; it reads the {@link UniquePaper} values written before
   * it replaced them).
   */
  public static final String PAPER_SIGHTINGS = "paper-sightings";

  /**
   * Unique papers with topics, keyphrases, links and mentions. Key: paperId. Value: {@link
   * EnrichedPaper}.
   */
  public static final String PAPERS_ENRICHED = "papers-enriched";

  /**
   * The sentence embedding of every enriched paper (compacted: the latest vector of each paper is
   * kept), written in the same transaction as its papers-enriched record; for vector stores and the
   * similar-papers queries. Key: paperId. Value: {@link PaperEmbedding}.
   */
  public static final String PAPER_EMBEDDINGS = "paper-embeddings";

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

  /**
   * Every digest file ingest handled, written in the file's transaction. Key: file SHA-256. Value:
   * {@link DigestFile}.
   */
  public static final String DIGEST_FILES = "digest-files";

  /**
   * Topics and keyphrases whose window count is surprising against their own trailing baseline.
   * Value: {@link TopicBurst}.
   */
  public static final String TOPIC_BURSTS = "topic-bursts";

  /** Keyphrases first seen recently that already appear in several papers. Key: keyphrase. */
  public static final String EMERGING_PHRASES = "emerging-phrases";

  /** Papers that keep coming back across digests, ranked per week. Value: {@link StayingPower}. */
  public static final String STAYING_POWER = "staying-power";

  /** Per topic and week, the share of papers with a code link. Value: {@link OpenCodeShare}. */
  public static final String OPEN_CODE_SHARE = "open-code-share";

  /** Input health per digest date (compacted). Key: ISO date. Value: {@link DigestHealth}. */
  public static final String DIGEST_HEALTH = "digest-health";

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
          new TopicContract(PAPERS_UNIQUE, UniquePaper.getClassSchema(), true),
          new TopicContract(PAPER_SIGHTINGS, PaperSighting.getClassSchema(), true),
          new TopicContract(PAPERS_ENRICHED, EnrichedPaper.getClassSchema(), false),
          new TopicContract(PAPER_EMBEDDINGS, PaperEmbedding.getClassSchema(), true),
          new TopicContract(TOPIC_TRENDS, TopicTrend.getClassSchema(), false),
          new TopicContract(TRENDING_TOPICS, TrendingTopics.getClassSchema(), false),
          new TopicContract(DEAD_LETTER, DeadLetter.getClassSchema(), false),
          new TopicContract(INGEST_LEDGER, IngestLedgerEntry.getClassSchema(), true),
          new TopicContract(DIGEST_FILES, DigestFile.getClassSchema(), false),
          new TopicContract(TOPIC_BURSTS, TopicBurst.getClassSchema(), false),
          new TopicContract(EMERGING_PHRASES, EmergingPhrase.getClassSchema(), false),
          new TopicContract(STAYING_POWER, StayingPower.getClassSchema(), false),
          new TopicContract(OPEN_CODE_SHARE, OpenCodeShare.getClassSchema(), false),
          new TopicContract(DIGEST_HEALTH, DigestHealth.getClassSchema(), true));

  private Topics() {}
}
