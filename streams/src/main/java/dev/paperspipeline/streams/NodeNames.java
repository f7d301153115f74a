package dev.paperspipeline.streams;

import dev.paperspipeline.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the processor nodes that own no store (sources, sinks, filters and casts), next to
 * {@link StoreNames}, which names the stores and the stateful nodes: a source or sink is named
 * after its topic ({@link #source}, {@link #sink}). And the pipeline stage each node of the streams
 * app belongs to, for the dead letters its exception handlers write.
 */
public final class NodeNames {
  /** The source node reading {@code topic} (or restoring the store {@code topic} names). */
  public static String source(String topic) {
    return topic + "-source";
  }

  /** The sink node writing {@code topic}. */
  public static String sink(String topic) {
    return topic + "-sink";
  }

  /**
   * A filter that keeps the records of one type from a node that forwards several, and the node
   * that casts them to that type.
   */
  public record Split(String filter, String cast) {
    List<String> nodes() {
      return List.of(filter, cast);
    }
  }

  /** Dedupe's sightings and its first sightings, split from its output. */
  public static final Split DEDUPE_SIGHTINGS =
      new Split("dedupe-sightings", "dedupe-sightings-cast");

  public static final Split DEDUPE_FIRST_SIGHTINGS =
      new Split("dedupe-first-sightings", "dedupe-first-sightings-cast");

  /** Enrich's output split into the papers and their embeddings. */
  public static final String ENRICH_PAPERS = "enrich-papers";

  public static final String ENRICH_EMBEDDINGS = "enrich-embeddings";

  /** The papers the trends hits node leaves out of range, to the dead letters, and its hits. */
  public static final Split TRENDS_OUT_OF_RANGE =
      new Split("trends-out-of-range", "trends-out-of-range-cast");

  public static final String TRENDS_DEAD_LETTER_SINK = "trends-dead-letter-sink";
  public static final Split TRENDS_HITS = new Split("trends-hits-only", "trends-hits-cast");

  /** The trends processor's counts and rankings, split from its output. */
  public static final Split TRENDS_COUNTS = new Split("trends-counts-only", "trends-counts-cast");

  public static final Split TRENDS_TOP = new Split("trends-top-only", "trends-top-cast");

  /** The analytics app's sources (named apart from the pipeline's) and its keyphrase filter. */
  public static final String ANALYTICS_PAPERS_ENRICHED_SOURCE =
      "analytics-" + source(Topics.PAPERS_ENRICHED);

  public static final String ANALYTICS_PAPER_SIGHTINGS_SOURCE =
      "analytics-" + source(Topics.PAPER_SIGHTINGS);
  public static final String EMERGING_KEYPHRASES_ONLY = "emerging-keyphrases-only";

  /** Stage of the dead letters of a node of none of the stages below (the analytics app's). */
  public static final String STAGE_OTHER = "streams";

  private static final Map<String, String> STAGES = byNode();

  private static Map<String, String> byNode() {
    Map<String, String> m = new HashMap<>();
    stage(
        m,
        "dedupe",
        List.of(
            source(Topics.PAPERS_RAW),
            StoreNames.DEDUPE_PROCESSOR,
            sink(Topics.PAPER_SIGHTINGS),
            sink(Topics.PAPERS_UNIQUE)));
    stage(
        m,
        "enrich",
        List.of(
            source(StoreNames.PAPERS),
            source(Topics.PAPERS_UNIQUE),
            StoreNames.ENRICH_PROCESSOR,
            ENRICH_PAPERS,
            sink(Topics.PAPERS_ENRICHED),
            ENRICH_EMBEDDINGS,
            sink(Topics.PAPER_EMBEDDINGS)));
    stage(
        m,
        "trends",
        List.of(
            source(Topics.PAPERS_ENRICHED),
            StoreNames.TRENDS_HITS,
            TRENDS_DEAD_LETTER_SINK,
            StoreNames.TRENDS_PROCESSOR,
            sink(Topics.TOPIC_TRENDS),
            sink(Topics.TRENDING_TOPICS)));
    stage(m, "dedupe", DEDUPE_SIGHTINGS.nodes());
    stage(m, "dedupe", DEDUPE_FIRST_SIGHTINGS.nodes());
    for (Split split : List.of(TRENDS_OUT_OF_RANGE, TRENDS_HITS, TRENDS_COUNTS, TRENDS_TOP)) {
      stage(m, "trends", split.nodes());
    }
    stage(m, "trends", repartitionNodes(StoreNames.TRENDS_REPARTITION));
    return Map.copyOf(m);
  }

  private static void stage(Map<String, String> stages, String stage, List<String> nodes) {
    for (String node : nodes) {
      if (stages.put(node, stage) != null) {
        throw new IllegalStateException("node " + node + " is in two stages");
      }
    }
  }

  /**
   * The nodes Kafka Streams adds for a repartition named {@code name} ({@code
   * Repartitioned.withName}): a filter and a sink before the topic, a source after it.
   */
  public static List<String> repartitionNodes(String name) {
    String base = name + "-repartition";
    return List.of(base + "-filter", base + "-sink", base + "-source");
  }

  /**
   * The stage (dedupe, enrich, trends) of the streams app's node {@code node}, {@link #STAGE_OTHER}
   * for any other node or none.
   */
  public static String stageOf(String node) {
    return node == null ? STAGE_OTHER : STAGES.getOrDefault(node, STAGE_OTHER);
  }

  private NodeNames() {}
}
