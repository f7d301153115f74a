package dev.paperspipeline.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the processor nodes that own no store (sources, sinks, filters and casts), next to
 * {@link StoreNames}, which names the stores and the stateful nodes; and the pipeline stage each
 * node of the streams app belongs to, for the dead letters its exception handlers write.
 */
public final class NodeNames {
  // dedupe
  public static final String PAPERS_RAW_SOURCE = "papers-raw-source";
  public static final String DEDUPE_SIGHTINGS = "dedupe-sightings";
  public static final String DEDUPE_SIGHTINGS_CAST = "dedupe-sightings-cast";
  public static final String PAPER_SIGHTINGS_SINK = "paper-sightings-sink";
  public static final String DEDUPE_FIRST_SIGHTINGS = "dedupe-first-sightings";
  public static final String DEDUPE_FIRST_SIGHTINGS_CAST = "dedupe-first-sightings-cast";
  public static final String PAPERS_UNIQUE_SINK = "papers-unique-sink";

  // enrich
  public static final String PAPERS_UNIQUE_STORE_SOURCE = "papers-unique-store-source";
  public static final String PAPERS_UNIQUE_SOURCE = "papers-unique-source";
  public static final String ENRICH_PAPERS = "enrich-papers";
  public static final String PAPERS_ENRICHED_SINK = "papers-enriched-sink";
  public static final String ENRICH_EMBEDDINGS = "enrich-embeddings";
  public static final String PAPER_EMBEDDINGS_SINK = "paper-embeddings-sink";

  // trends
  public static final String PAPERS_ENRICHED_SOURCE = "papers-enriched-source";
  public static final String TRENDS_OUT_OF_RANGE = "trends-out-of-range";
  public static final String TRENDS_OUT_OF_RANGE_CAST = "trends-out-of-range-cast";
  public static final String TRENDS_DEAD_LETTER_SINK = "trends-dead-letter-sink";
  public static final String TRENDS_HITS_ONLY = "trends-hits-only";
  public static final String TRENDS_HITS_CAST = "trends-hits-cast";
  public static final String TRENDS_COUNTS_ONLY = "trends-counts-only";
  public static final String TRENDS_COUNTS_CAST = "trends-counts-cast";
  public static final String TOPIC_TRENDS_SINK = "topic-trends-sink";
  public static final String TRENDS_TOP_ONLY = "trends-top-only";
  public static final String TRENDS_TOP_CAST = "trends-top-cast";
  public static final String TRENDING_TOPICS_SINK = "trending-topics-sink";

  // the analytics app
  public static final String ANALYTICS_PAPERS_ENRICHED_SOURCE = "analytics-papers-enriched-source";
  public static final String ANALYTICS_PAPER_SIGHTINGS_SOURCE = "analytics-paper-sightings-source";
  public static final String TOPIC_BURSTS_SINK = "topic-bursts-sink";
  public static final String EMERGING_KEYPHRASES_ONLY = "emerging-keyphrases-only";
  public static final String EMERGING_PHRASES_SINK = "emerging-phrases-sink";

  /** Stage of the dead letters of a node of none of the stages below (the analytics app's). */
  public static final String STAGE_OTHER = "streams";

  private static final Map<String, String> STAGES = byNode();

  private static Map<String, String> byNode() {
    Map<String, String> m = new HashMap<>();
    stage(
        m,
        "dedupe",
        List.of(
            PAPERS_RAW_SOURCE,
            StoreNames.DEDUPE_PROCESSOR,
            DEDUPE_SIGHTINGS,
            DEDUPE_SIGHTINGS_CAST,
            PAPER_SIGHTINGS_SINK,
            DEDUPE_FIRST_SIGHTINGS,
            DEDUPE_FIRST_SIGHTINGS_CAST,
            PAPERS_UNIQUE_SINK));
    stage(
        m,
        "enrich",
        List.of(
            PAPERS_UNIQUE_STORE_SOURCE,
            PAPERS_UNIQUE_SOURCE,
            StoreNames.ENRICH_PROCESSOR,
            ENRICH_PAPERS,
            PAPERS_ENRICHED_SINK,
            ENRICH_EMBEDDINGS,
            PAPER_EMBEDDINGS_SINK));
    stage(
        m,
        "trends",
        List.of(
            PAPERS_ENRICHED_SOURCE,
            StoreNames.TRENDS_HITS,
            TRENDS_OUT_OF_RANGE,
            TRENDS_OUT_OF_RANGE_CAST,
            TRENDS_DEAD_LETTER_SINK,
            TRENDS_HITS_ONLY,
            TRENDS_HITS_CAST,
            StoreNames.TRENDS_PROCESSOR,
            TRENDS_COUNTS_ONLY,
            TRENDS_COUNTS_CAST,
            TOPIC_TRENDS_SINK,
            TRENDS_TOP_ONLY,
            TRENDS_TOP_CAST,
            TRENDING_TOPICS_SINK));
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
