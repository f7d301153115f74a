package dev.paperspipeline.registry;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka Streams serde of a generated Avro class: {@link AvroSerializer} + {@link AvroDeserializer}.
 * Configure it with {@code schema.registry.url} (e.g. {@code mock://test} under TopologyTestDriver)
 * before use.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;
  private final boolean injected;
  private SchemaRegistryClient owned;

  public AvroSerde(Class<T> type) {
    this(type, null);
  }

  /** A serde over {@code client}; configure() is then optional (it sets isKey and flags). */
  public AvroSerde(Class<T> type, SchemaRegistryClient client) {
    this.serializer = new AvroSerializer<>(client);
    this.deserializer = new AvroDeserializer<>(type, client);
    this.injected = client != null;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // One client (and one cache) for both directions.
    if (!injected && owned == null) {
      owned = SerdeClients.fromConfig(configs);
    }
    serializer.configure(configs, isKey, owned);
    deserializer.configure(configs, owned);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
    if (owned != null) {
      owned.close();
    }
  }
}
