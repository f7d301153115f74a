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
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one place that declares the pipeline's topics: their names, and the contract of each ({@link
 * TopicContract}: key, Avro value class, writer, cleanup policy, one-line description). Keys are
 * strings on every topic. Every list of topics elsewhere derives from {@link #ALL}.
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

  /** The application that writes a topic, and so what {@code papers reset} does with it. */
  public enum Owner {
    /** {@code papers ingest}: digest files in; kept by {@code papers reset}. */
    INGEST("papers ingest", false),
    /** The streams app of {@code papers streams} (dedupe, enrich, trends), from papers-raw. */
    STREAMS("papers streams", true),
    /** The analytics app of {@code papers streams}, from the streams app's topics. */
    ANALYTICS("papers streams (analytics app)", true),
    /** Rejected input of ingest and of every streams stage; kept by {@code papers reset}. */
    EVERY_STAGE("ingest and every streams stage", false);

    private final String label;
    private final boolean rebuiltByReset;

    Owner(String label, boolean rebuiltByReset) {
      this.label = label;
      this.rebuiltByReset = rebuiltByReset;
    }

    /** Who writes the topic, for help texts and the README. */
    public String label() {
      return label;
    }

    /**
     * Whether the topic is derived from papers-raw, so that {@code papers reset} deletes it and
     * recreates it empty for the reprocessing to write again.
     */
    public boolean rebuiltByReset() {
      return rebuiltByReset;
    }
  }

  /** A topic's {@code cleanup.policy}. */
  public enum Cleanup {
    /** Records expire with {@code retention.ms}. */
    DELETE,
    /** Compacted: the latest record of each key is kept, a table by key. */
    COMPACT;

    /** The {@code cleanup.policy} value. */
    public String policy() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A topic's contract with its consumers: its name, what its (string) key is, the Avro class of
   * its values, the app that writes it, its cleanup policy and a one-line description. Topic
   * creation, {@code papers reset}, the analytics app's outputs, the report's reader, the serdes,
   * the {@code --help} texts and the README's topic table are all derived from {@link #ALL}.
   *
   * @param topic the topic name
   * @param key what the key is (keys are strings on every topic)
   * @param valueType the generated Avro class of the values
   * @param owner the app that writes the topic
   * @param cleanup the topic's cleanup policy
   * @param doc one line saying what a record is, plain text
   */
  public record TopicContract<V extends SpecificRecord>(
      String topic, String key, Class<V> valueType, Owner owner, Cleanup cleanup, String doc) {

    /** The Avro schema of the values. */
    public Schema valueSchema() {
      return SpecificData.get().getSchema(valueType);
    }

    /** Whether the topic is compacted. */
    public boolean compacted() {
      return cleanup == Cleanup.COMPACT;
    }

    /** The schema registry subject of the value under TopicNameStrategy. */
    public String valueSubject() {
      return topic + "-value";
    }
  }

  /** The contract of each topic, typed by its value class. */
  public static final class Contracts {
    public static final TopicContract<PaperEvent> PAPERS_RAW =
        new TopicContract<>(
            Topics.PAPERS_RAW,
            "paperId",
            PaperEvent.class,
            Owner.INGEST,
            Cleanup.DELETE,
            "one record per paper per digest file, with its lineage; a file's records in one"
                + " transaction");
    public static final TopicContract<UniquePaper> PAPERS_UNIQUE =
        new TopicContract<>(
            Topics.PAPERS_UNIQUE,
            "paperId",
            UniquePaper.class,
            Owner.STREAMS,
            Cleanup.COMPACT,
            "the first sighting of each paper within the dedupe horizon, with its abstract; a"
                + " revision when a sighting read later is dated earlier");
    public static final TopicContract<PaperSighting> PAPER_SIGHTINGS =
        new TopicContract<>(
            Topics.PAPER_SIGHTINGS,
            "paperId",
            PaperSighting.class,
            Owner.STREAMS,
            Cleanup.COMPACT,
            "every sighting with the paper's count and first/last digest dates, no abstract");
    public static final TopicContract<EnrichedPaper> PAPERS_ENRICHED =
        new TopicContract<>(
            Topics.PAPERS_ENRICHED,
            "paperId",
            EnrichedPaper.class,
            Owner.STREAMS,
            Cleanup.DELETE,
            "unique papers with topics, keyphrases, code links and mentions");
    public static final TopicContract<PaperEmbedding> PAPER_EMBEDDINGS =
        new TopicContract<>(
            Topics.PAPER_EMBEDDINGS,
            "paperId",
            PaperEmbedding.class,
            Owner.STREAMS,
            Cleanup.COMPACT,
            "each enriched paper's sentence embedding, in the transaction of its papers-enriched"
                + " record");
    public static final TopicContract<TopicTrend> TOPIC_TRENDS =
        new TopicContract<>(
            Topics.TOPIC_TRENDS,
            "<kind>:<name>@<window>:<start>",
            TopicTrend.class,
            Owner.STREAMS,
            Cleanup.DELETE,
            "papers per topic or keyphrase per window, final once the window closed, then"
                + " revisions");
    public static final TopicContract<TrendingTopics> TRENDING_TOPICS =
        new TopicContract<>(
            Topics.TRENDING_TOPICS,
            "<kind>@<window>:<start>",
            TrendingTopics.class,
            Owner.STREAMS,
            Cleanup.DELETE,
            "the top N topics or keyphrases per window, with growth against the previous window");
    public static final TopicContract<DeadLetter> DEAD_LETTER =
        new TopicContract<>(
            Topics.DEAD_LETTER,
            "file name or original key",
            DeadLetter.class,
            Owner.EVERY_STAGE,
            Cleanup.DELETE,
            "rejected files, entries and poison records, with the reason, the source and the raw"
                + " bytes");
    public static final TopicContract<IngestLedgerEntry> INGEST_LEDGER =
        new TopicContract<>(
            Topics.INGEST_LEDGER,
            "file SHA-256",
            IngestLedgerEntry.class,
            Owner.INGEST,
            Cleanup.COMPACT,
            "every file ingest finished, so that the same bytes are never ingested twice");
    public static final TopicContract<DigestFile> DIGEST_FILES =
        new TopicContract<>(
            Topics.DIGEST_FILES,
            "file SHA-256",
            DigestFile.class,
            Owner.INGEST,
            Cleanup.DELETE,
            "every digest file ingest handled (done, error or duplicate), in the file's"
                + " transaction");
    public static final TopicContract<TopicBurst> TOPIC_BURSTS =
        new TopicContract<>(
            Topics.TOPIC_BURSTS,
            "<kind>:<name>@<window>:<start>",
            TopicBurst.class,
            Owner.ANALYTICS,
            Cleanup.DELETE,
            "a topic or keyphrase whose window count is surprising against its own trailing"
                + " baseline, with its top papers");
    public static final TopicContract<EmergingPhrase> EMERGING_PHRASES =
        new TopicContract<>(
            Topics.EMERGING_PHRASES,
            "keyphrase",
            EmergingPhrase.class,
            Owner.ANALYTICS,
            Cleanup.DELETE,
            "a keyphrase first seen recently that already appears in several papers; a tombstone"
                + " withdraws it");
    public static final TopicContract<StayingPower> STAYING_POWER =
        new TopicContract<>(
            Topics.STAYING_POWER,
            "WEEK:<start>",
            StayingPower.class,
            Owner.ANALYTICS,
            Cleanup.DELETE,
            "per week, the papers that keep coming back across digests, ranked");
    public static final TopicContract<OpenCodeShare> OPEN_CODE_SHARE =
        new TopicContract<>(
            Topics.OPEN_CODE_SHARE,
            "<topic>@WEEK:<start>",
            OpenCodeShare.class,
            Owner.ANALYTICS,
            Cleanup.DELETE,
            "per topic and week, the share of papers with a code link, and papers per host");
    public static final TopicContract<DigestHealth> DIGEST_HEALTH =
        new TopicContract<>(
            Topics.DIGEST_HEALTH,
            "ISO digest date",
            DigestHealth.class,
            Owner.ANALYTICS,
            Cleanup.COMPACT,
            "input health per digest date: files, papers, rejects, duplicates; missing dates"
                + " flagged");

    private Contracts() {}
  }

  /** Every topic of the pipeline, in data-flow order. */
  public static final List<TopicContract<?>> ALL =
      List.of(
          Contracts.PAPERS_RAW,
          Contracts.PAPERS_UNIQUE,
          Contracts.PAPER_SIGHTINGS,
          Contracts.PAPERS_ENRICHED,
          Contracts.PAPER_EMBEDDINGS,
          Contracts.TOPIC_TRENDS,
          Contracts.TRENDING_TOPICS,
          Contracts.DEAD_LETTER,
          Contracts.INGEST_LEDGER,
          Contracts.DIGEST_FILES,
          Contracts.TOPIC_BURSTS,
          Contracts.EMERGING_PHRASES,
          Contracts.STAYING_POWER,
          Contracts.OPEN_CODE_SHARE,
          Contracts.DIGEST_HEALTH);

  /** The contracts of the topics {@code owner} writes, in data-flow order. */
  public static List<TopicContract<?>> ownedBy(Owner owner) {
    return ALL.stream().filter(c -> c.owner() == owner).toList();
  }

  /** The names of {@code contracts}, in their order. */
  public static List<String> names(List<TopicContract<?>> contracts) {
    return contracts.stream().map(TopicContract::topic).toList();
  }

  /** The contract of {@code topic}. */
  public static Optional<TopicContract<?>> contract(String topic) {
    return ALL.stream().filter(c -> c.topic().equals(topic)).findFirst();
  }

  /**
   * The README's topic table (markdown): topic, key, value, writer, cleanup policy and what a
   * record is, one row per contract of {@link #ALL}.
   */
  public static String markdownTable() {
    StringBuilder out =
        new StringBuilder("| topic | key | value | written by | cleanup | contents |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (TopicContract<?> c : ALL) {
      out.append("| `")
          .append(c.topic())
          .append("` | ")
          .append(c.key().contains("<") ? "`" + c.key() + "`" : c.key())
          .append(" | `")
          .append(c.valueType().getSimpleName())
          .append("` | ")
          .append(c.owner().label())
          .append(" | ")
          .append(c.cleanup().policy())
          .append(" | ")
          .append(c.doc())
          .append(" |\n");
    }
    return out.toString();
  }

  private Topics() {}
}
