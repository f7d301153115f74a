package dev.paperspipeline.registry;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes {@link GenericRecord}s in Confluent's wire format, with the same subject and
 * registration rules as {@link AvroSerializer}.
 */
public class GenericAvroSerializer implements Serializer<GenericRecord> {
  private final SerializerCore core;

  public GenericAvroSerializer() {
    this(null);
  }

  /** A serializer using {@code client} (not closed by {@link #close()}). */
  public GenericAvroSerializer(SchemaRegistryClient client) {
    this.core = new SerializerCore(client, NullableUnions::genericWriter);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    core.configure(configs, isKey);
  }

  @Override
  public byte[] serialize(String topic, GenericRecord data) {
    return data == null ? null : core.serialize(topic, data, data.getSchema());
  }

  @Override
  public void close() {
    core.close();
  }
}
