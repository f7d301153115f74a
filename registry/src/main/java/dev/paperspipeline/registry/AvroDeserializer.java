package dev.paperspipeline.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent wire-format records into a generated Avro class. The writer schema is
 * fetched by the id in the header (once per id) and resolved against the reader class's schema, so
 * data written with an older or newer compatible schema reads fine. Null deserializes to null.
 * Failures are {@link SerializationException}s naming the topic and schema id.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final DeserializerCore core;

  /**
   * A deserializer into the class named by each record's writer schema (for configuration by class
   * name); creates its client from {@code schema.registry.url}.
   */
  public AvroDeserializer() {
    this(null, null);
  }

  /** A deserializer into {@code readerClass}; creates its client from configure(). */
  public AvroDeserializer(Class<T> readerClass) {
    this(readerClass, null);
  }

  /** A deserializer into {@code readerClass} using {@code client} (not closed by close()). */
  public AvroDeserializer(Class<T> readerClass, SchemaRegistryClient client) {
    this.core = new DeserializerCore(client, writer -> readerFor(writer, readerClass));
  }

  @SuppressWarnings("unchecked")
  private static DatumReader<Object> readerFor(Schema writer, Class<?> readerClass) {
    Class<?> cls = readerClass != null ? readerClass : SpecificData.get().getClass(writer);
    if (cls == null || !SpecificRecord.class.isAssignableFrom(cls)) {
      throw new SerializationException(
          "No generated Avro class on the classpath for writer schema " + writer.getFullName());
    }
    SpecificData model = SpecificData.getForClass(cls);
    Schema reader = model.getSchema(cls);
    SchemaCompatibility.SchemaPairCompatibility pair =
        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new SerializationException(
          "Records written with schema "
              + writer.getFullName()
              + " cannot be read as "
              + cls.getName()
              + ": "
              + pair.getResult().getIncompatibilities());
    }
    return (DatumReader<Object>) (DatumReader<?>) new SpecificDatumReader<>(writer, reader, model);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    core.configure(configs);
  }

  void configure(Map<String, ?> configs, SchemaRegistryClient shared) {
    core.configure(configs, shared);
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    return (T) core.deserialize(topic, data);
  }

  @Override
  public void close() {
    core.close();
  }
}
