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
 * The {@link TopicSerdes} of the streams app, with a named accessor for each topic its topologies
 * read or write (keys are strings everywhere).
 */
public final class PipelineSerdes extends TopicSerdes {

  private PipelineSerdes(Map<String, ?> registryConfig) {
    super(registryConfig);
  }

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
    return new PipelineSerdes(registryConfig);
  }

  public Serde<PaperEvent> paperEvent() {
    return of(Contracts.PAPERS_RAW);
  }

  public Serde<UniquePaper> uniquePaper() {
    return of(Contracts.PAPERS_UNIQUE);
  }

  public Serde<PaperSighting> paperSighting() {
    return of(Contracts.PAPER_SIGHTINGS);
  }

  public Serde<EnrichedPaper> enrichedPaper() {
    return of(Contracts.PAPERS_ENRICHED);
  }

  public Serde<TopicTrend> topicTrend() {
    return of(Contracts.TOPIC_TRENDS);
  }

  public Serde<TrendingTopics> trendingTopics() {
    return of(Contracts.TRENDING_TOPICS);
  }

  public Serde<DeadLetter> deadLetter() {
    return of(Contracts.DEAD_LETTER);
  }

  public Serde<PaperEmbedding> paperEmbedding() {
    return of(Contracts.PAPER_EMBEDDINGS);
  }
}
