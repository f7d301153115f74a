package dev.paperspipeline.streams;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics.Contracts;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the streams app's topics (keys are strings everywhere), each its contract's
 * {@link TopicSerdes} serde; tests may pass any serde.
 */
public record PipelineSerdes(
    Serde<PaperEvent> paperEvent,
    Serde<UniquePaper> uniquePaper,
    Serde<PaperSighting> paperSighting,
    Serde<EnrichedPaper> enrichedPaper,
    Serde<TopicTrend> topicTrend,
    Serde<TrendingTopics> trendingTopics,
    Serde<DeadLetter> deadLetter,
    Serde<PaperEmbedding> paperEmbedding) {

  /**
   * Schema-registry Avro serdes (Confluent wire format) for every value type, configured with
   * {@code schema.registry.url} (a {@code mock://scope} URL gives an in-memory registry).
   */
  public static PipelineSerdes avro(String schemaRegistryUrl) {
    return avro(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
  }

  /**
   * As {@link #avro(String)} with every registry-client setting of {@code registryConfig} (URL,
   * authentication, TLS), e.g. the Streams properties.
   */
  public static PipelineSerdes avro(Map<String, ?> registryConfig) {
    TopicSerdes topics = TopicSerdes.avro(registryConfig);
    return new PipelineSerdes(
        topics.of(Contracts.PAPERS_RAW),
        topics.of(Contracts.PAPERS_UNIQUE),
        topics.of(Contracts.PAPER_SIGHTINGS),
        topics.of(Contracts.PAPERS_ENRICHED),
        topics.of(Contracts.TOPIC_TRENDS),
        topics.of(Contracts.TRENDING_TOPICS),
        topics.of(Contracts.DEAD_LETTER),
        topics.of(Contracts.PAPER_EMBEDDINGS));
  }
}
