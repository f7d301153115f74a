package dev.paperspipeline.streams;

import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the analytics app ({@code dev.paperspipeline.streams.analytics}): its inputs
 * and every output topic of issue #14 (keys are strings everywhere). The app builds them with the
 * schema-registry Avro serde; tests may pass any serde.
 */
public record AnalyticsSerdes(
    Serde<EnrichedPaper> enrichedPaper,
    Serde<PaperSighting> paperSighting,
    Serde<DigestFile> digestFile,
    Serde<TopicBurst> topicBurst,
    Serde<EmergingPhrase> emergingPhrase,
    Serde<StayingPower> stayingPower,
    Serde<OpenCodeShare> openCodeShare,
    Serde<DigestHealth> digestHealth) {

  /**
   * Schema-registry Avro serdes (Confluent wire format) configured with every registry-client
   * setting of {@code registryConfig} (URL, authentication, TLS), e.g. the Streams properties.
   */
  public static AnalyticsSerdes avro(Map<String, ?> registryConfig) {
    Map<String, Object> config = new HashMap<>(registryConfig);
    if (!config.containsKey(RegistryConfig.SCHEMA_REGISTRY_URL)) {
      throw new IllegalArgumentException(RegistryConfig.SCHEMA_REGISTRY_URL + " is not set");
    }
    return new AnalyticsSerdes(
        serde(EnrichedPaper.class, config),
        serde(PaperSighting.class, config),
        serde(DigestFile.class, config),
        serde(TopicBurst.class, config),
        serde(EmergingPhrase.class, config),
        serde(StayingPower.class, config),
        serde(OpenCodeShare.class, config),
        serde(DigestHealth.class, config));
  }

  private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, Map<String, ?> config) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(config, false);
    return serde;
  }
}
