package dev.paperspipeline.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes generated Avro records in Confluent's wire format. The subject is {@code
 * <topic>-value} or {@code <topic>-key} (TopicNameStrategy). On the first record of each
 * topic/schema pair the schema is registered ({@code auto.register.schemas=true}, the default), or
 * the subject's latest version is used ({@code use.latest.version=true}), or the schema is looked
 * up (both false; fails if not registered); the id is cached from then on. Null serializes to null
 * (tombstones). Failures are {@link org.apache.kafka.common.errors.SerializationException} wrapping
 * a {@link SchemaRegistryException}.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final SerializerCore core;

  /** A serializer that creates its client from {@code schema.registry.url} in configure(). */
  public AvroSerializer() {
    this(null);
  }

  /** A serializer using {@code client} (not closed by {@link #close()}). */
  public AvroSerializer(SchemaRegistryClient client) {
    this.core = new SerializerCore(client, AvroSerializer::writerFor);
  }

  private static DatumWriter<Object> writerFor(Schema schema) {
    // The generated class's own model carries its logical-type conversions (dates, timestamps).
    Class<?> cls = SpecificData.get().getClass(schema);
    SpecificData model = cls == null ? SpecificData.get() : SpecificData.getForClass(cls);
    return NullableUnions.specificWriter(schema, model);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    core.configure(configs, isKey);
  }

  void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
    core.configure(configs, isKey, shared);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : core.serialize(topic, data, data.getSchema());
  }

  @Override
  public void close() {
    core.close();
  }
}
