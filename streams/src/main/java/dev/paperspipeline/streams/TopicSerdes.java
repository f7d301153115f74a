package dev.paperspipeline.streams;

import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics.TopicContract;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the topics (keys are strings everywhere), one per {@link TopicContract}, made
 * from the contract's value class on first use: a topology asks for {@code
 * serdes.of(Topics.Contracts.X)}, so a new topic needs no serde declared here. Schema-registry Avro
 * serdes (Confluent wire format) configured with every registry-client setting given (URL,
 * authentication, TLS; a {@code mock://scope} URL gives an in-memory registry).
 */
public final class TopicSerdes {
  private final Map<String, Object> registryConfig;
  private final Map<TopicContract<?>, Serde<?>> serdes = new ConcurrentHashMap<>();

  /** Serdes configured with {@code registryConfig}, e.g. the Streams properties. */
  private TopicSerdes(Map<String, ?> registryConfig) {
    this.registryConfig = new HashMap<>(registryConfig);
  }

  /**
   * Serdes configured with {@code registryConfig}.
   *
   * @throws IllegalArgumentException when it has no {@code schema.registry.url}
   */
  public static TopicSerdes avro(Map<String, ?> registryConfig) {
    if (!registryConfig.containsKey(RegistryConfig.SCHEMA_REGISTRY_URL)) {
      throw new IllegalArgumentException(RegistryConfig.SCHEMA_REGISTRY_URL + " is not set");
    }
    return new TopicSerdes(registryConfig);
  }

  /** The value serde of {@code contract}'s topic; the same instance at every call. */
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> Serde<V> of(TopicContract<V> contract) {
    return (Serde<V>) serdes.computeIfAbsent(contract, c -> serde(contract.valueType()));
  }

  private <V extends SpecificRecord> Serde<V> serde(Class<V> type) {
    AvroSerde<V> serde = new AvroSerde<>(type);
    serde.configure(registryConfig, false);
    return serde;
  }
}
