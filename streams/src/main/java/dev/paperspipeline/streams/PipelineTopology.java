package dev.paperspipeline.streams;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.enrich.EnrichTopology;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.TrendsTopology;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The whole pipeline in one topology: dedupe ({@code papers-raw} → {@code papers-unique}, {@code
 * paper-sightings}), enrich ({@code papers-unique} → {@code papers-enriched}, {@code
 * paper-embeddings}) and trends ({@code papers-enriched} → {@code topic-trends}, {@code
 * trending-topics}). Every stage writes its output topic, a durable contract others may read; see
 * each stage's class for keys, values and stores.
 *
 * <p>Within this app the stages are chained in memory rather than through those topics: dedupe,
 * enrich and the trend hits run in one sub-topology, and only the trends repartition (by kind)
 * starts another. Reading {@code papers-unique} and {@code papers-enriched} back would cost two
 * more deserializations per paper and two more transaction commits of latency, for the same
 * records. Each stage can still run alone from its topic ({@code DedupeTopology.build}, ...).
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
    KStream<String, UniquePaper> unique =
        DedupeTopology.addTo(
            builder,
            dedupeHorizon,
            serdes.paperEvent(),
            serdes.uniquePaper(),
            serdes.paperSighting());
    DedupeTopology.addPapersStore(builder);
    KStream<String, EnrichedPaper> enriched =
        EnrichTopology.enrich(
            unique, enricher, clock, serdes.enrichedPaper(), serdes.paperEmbedding());
    TrendsTopology.addFrom(
        builder, enriched, trendsOptions, serdes.topicTrend(), serdes.trendingTopics());
    return builder.build();
  }
}
