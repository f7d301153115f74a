package dev.paperspipeline.streams;

import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.enrich.EnrichTopology;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.TrendsTopology;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The whole pipeline in one topology: dedupe ({@code papers-raw} → {@code papers-unique}, {@code
 * paper-sightings}), enrich ({@code papers-unique} → {@code papers-enriched}) and trends ({@code
 * papers-enriched} → {@code topic-trends}, {@code trending-topics}). The stages are connected
 * through their topics, so each one's output is a durable contract others may read; see each
 * stage's class for keys, values and stores.
 */
public final class PipelineTopology {
  private PipelineTopology() {}

  /** The combined topology. */
  public static Topology build(
      Duration dedupeHorizon,
      PaperEnricher enricher,
      Clock clock,
      TrendsOptions trendsOptions,
      PipelineSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    DedupeTopology.addTo(builder, dedupeHorizon, serdes.paperEvent(), serdes.uniquePaper());
    EnrichTopology.addTo(builder, enricher, clock, serdes.uniquePaper(), serdes.enrichedPaper());
    TrendsTopology.addTo(
        builder,
        trendsOptions,
        serdes.enrichedPaper(),
        serdes.topicTrend(),
        serdes.trendingTopics());
    return builder.build();
  }
}
