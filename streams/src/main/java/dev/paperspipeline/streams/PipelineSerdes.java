package dev.paperspipeline.streams;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the pipeline's topics (keys are strings everywhere). The app builds them with
 * the schema-registry Avro serde; tests may pass any serde.
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
    Map<String, Object> config = new java.util.HashMap<>(registryConfig);
    return new PipelineSerdes(
        serde(PaperEvent.class, config),
        serde(UniquePaper.class, config),
        serde(PaperSighting.class, config),
        serde(EnrichedPaper.class, config),
        serde(TopicTrend.class, config),
        serde(TrendingTopics.class, config),
        serde(DeadLetter.class, config),
        serde(PaperEmbedding.class, config));
  }

  private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, ?> config) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(config, false);
    return serde;
  }
}
