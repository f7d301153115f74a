package dev.paperspipeline.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/** The shared serializing logic of the Avro serializers. Thread-safe. */
final class SerializerCore {
  /** Where records of one schema go: the id to write and how to encode. */
  private record Target(
      int id,
      DatumWriter<Object> writer,
      GenericDatumReader<Object> converter,
      DatumWriter<Object> convertedWriter) {}

  /** Per-thread scratch space: a producer may serialize on many application threads. */
  private static final class Scratch {
    final ByteSink out = new ByteSink();
    final ByteSink conversion = new ByteSink();
    BinaryEncoder encoder;
    BinaryDecoder decoder;
  }

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  // topic -> schema -> target: keyed by topic, not subject, so the hot path builds no string.
  // Avro caches Schema.hashCode and equals() starts with ==.
  private final Map<String, Map<Schema, Target>> targets = new ConcurrentHashMap<>();
  private final Function<Schema, DatumWriter<Object>> writerFactory;
  private final SerdeClients.Slot client;
  private boolean isKey;
  private boolean autoRegister = RegistryConfig.AUTO_REGISTER_SCHEMAS_DEFAULT;
  private boolean useLatest = RegistryConfig.USE_LATEST_VERSION_DEFAULT;

  SerializerCore(SchemaRegistryClient client, Function<Schema, DatumWriter<Object>> writerFactory) {
    this.client = new SerdeClients.Slot("Serializer", client);
    this.writerFactory = writerFactory;
  }

  void configure(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey, null);
  }

  /** Configures with {@code shared} as client (owned by the caller) unless one was injected. */
  void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient shared) {
    this.isKey = isKey;
    this.autoRegister =
        RegistryConfig.bool(
            configs,
            RegistryConfig.AUTO_REGISTER_SCHEMAS,
            RegistryConfig.AUTO_REGISTER_SCHEMAS_DEFAULT);
    this.useLatest =
        RegistryConfig.bool(
            configs, RegistryConfig.USE_LATEST_VERSION, RegistryConfig.USE_LATEST_VERSION_DEFAULT);
    client.configure(configs, shared);
    targets.clear();
  }

  byte[] serialize(String topic, Object record, Schema schema) {
    SchemaRegistryClient registry = client.get();
    Map<Schema, Target> bySchema = targets.get(topic);
    if (bySchema == null) {
      bySchema = targets.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }
    Target target = bySchema.get(schema);
    if (target == null) {
      target = resolve(registry, SerdeClients.subject(topic, isKey), schema);
      bySchema.put(schema, target);
    }
    Scratch s = scratch.get();
    try {
      s.out.reset();
      WireFormat.writeHeader(s.out, target.id());
      if (target.converter() == null) {
        s.encoder = EncoderFactory.get().binaryEncoder(s.out, s.encoder);
        target.writer().write(record, s.encoder);
      } else {
        s.conversion.reset();
        s.encoder = EncoderFactory.get().binaryEncoder(s.conversion, s.encoder);
        target.writer().write(record, s.encoder);
        s.encoder.flush();
        byte[] own = s.conversion.toByteArray();
        s.decoder = DecoderFactory.get().binaryDecoder(own, s.decoder);
        Object converted = target.converter().read(null, s.decoder);
        s.encoder = EncoderFactory.get().binaryEncoder(s.out, s.encoder);
        target.convertedWriter().write(converted, s.encoder);
      }
      s.encoder.flush();
      return s.out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot encode "
              + schema.getFullName()
              + " for topic "
              + topic
              + " with schema id "
              + target.id()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private Target resolve(SchemaRegistryClient registry, String subject, Schema schema) {
    try {
      if (autoRegister) {
        return new Target(
            registry.register(subject, schema), writerFactory.apply(schema), null, null);
      }
      if (!useLatest) {
        return new Target(
            registry.lookupId(subject, schema), writerFactory.apply(schema), null, null);
      }
      RegisteredSchema latest = registry.latest(subject);
      if (RegistryState.canonical(latest.schema()).equals(RegistryState.canonical(schema))) {
        return new Target(latest.id(), writerFactory.apply(schema), null, null);
      }
      SchemaCompatibility.SchemaPairCompatibility pair =
          SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
      if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new SerializationException(
            "Latest version "
                + latest.version()
                + " (id "
                + latest.id()
                + ") of subject "
                + subject
                + " cannot represent records of "
                + schema.getFullName()
                + ": "
                + pair.getResult().getIncompatibilities());
      }
      // Records are re-encoded through the latest schema, so the id and the bytes agree.
      return new Target(
          latest.id(),
          writerFactory.apply(schema),
          new GenericDatumReader<>(schema, latest.schema()),
          new GenericDatumWriter<>(latest.schema()));
    } catch (SchemaRegistryException e) {
      String what =
          autoRegister
              ? "Error registering Avro schema"
              : useLatest
                  ? "Error retrieving the latest version"
                  : "Schema not registered (" + RegistryConfig.AUTO_REGISTER_SCHEMAS + "=false)";
      throw new SerializationException(
          what + " for subject '" + subject + "': " + e.getMessage(), e);
    }
  }

  void close() {
    client.close();
  }
}
