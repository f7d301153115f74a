package dev.paperspipeline.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes any Confluent wire-format Avro record with its own writer schema, into a {@link
 * GenericRecord} (or, with {@code specific.avro.reader=true}, the generated class when present).
 * Logical types are left as their underlying values (int days, long millis).
 */
public class GenericAvroDeserializer implements Deserializer<GenericRecord> {
  private final DeserializerCore core;
  private volatile boolean specific;

  public GenericAvroDeserializer() {
    this(null);
  }

  /** A deserializer using {@code client} (not closed by {@link #close()}). */
  public GenericAvroDeserializer(SchemaRegistryClient client) {
    this.core = new DeserializerCore(client, this::readerFor);
  }

  @SuppressWarnings("unchecked")
  private DatumReader<Object> readerFor(Schema writer) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new SerializationException(
          "Schema " + writer + " is not a record; GenericAvroDeserializer decodes records only");
    }
    if (specific && SpecificData.get().getClass(writer) != null) {
      Class<?> cls = SpecificData.get().getClass(writer);
      return (DatumReader<Object>)
          (DatumReader<?>) new SpecificDatumReader<>(writer, writer, SpecificData.getForClass(cls));
    }
    return new GenericDatumReader<>(writer);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    specific = RegistryConfig.bool(configs, RegistryConfig.SPECIFIC_AVRO_READER, false);
    core.configure(configs);
  }

  @Override
  public GenericRecord deserialize(String topic, byte[] data) {
    return (GenericRecord) core.deserialize(topic, data);
  }

  @Override
  public void close() {
    core.close();
  }
}
