package dev.paperspipeline.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/** The shared deserializing logic of the Avro deserializers. Thread-safe. */
final class DeserializerCore {
  private final ThreadLocal<BinaryDecoder[]> decoders =
      ThreadLocal.withInitial(() -> new BinaryDecoder[1]);
  // Avro's datum readers keep their resolving state per thread, so one reader per id is shared.
  private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
  private final Function<Schema, DatumReader<Object>> readerFactory;
  private final SerdeClients.Slot client;

  DeserializerCore(
      SchemaRegistryClient client, Function<Schema, DatumReader<Object>> readerFactory) {
    this.client = new SerdeClients.Slot("Deserializer", client);
    this.readerFactory = readerFactory;
  }

  void configure(Map<String, ?> configs) {
    configure(configs, null);
  }

  /** Configures with {@code shared} as client (owned by the caller) unless one was injected. */
  void configure(Map<String, ?> configs, SchemaRegistryClient shared) {
    client.configure(configs, shared);
  }

  Object deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    SchemaRegistryClient registry = client.get();
    int id = WireFormat.schemaId(data, topic);
    DatumReader<Object> reader = readers.get(id);
    if (reader == null) {
      reader = readerFor(registry, id, topic);
      readers.put(id, reader);
    }
    BinaryDecoder[] slot = decoders.get();
    try {
      slot[0] =
          DecoderFactory.get()
              .binaryDecoder(
                  data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, slot[0]);
      return reader.read(null, slot[0]);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot decode Avro record with schema id "
              + id
              + " from topic "
              + topic
              + " ("
              + data.length
              + " bytes): "
              + e,
          e);
    }
  }

  private DatumReader<Object> readerFor(SchemaRegistryClient registry, int id, String topic) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          "Error retrieving Avro schema id "
              + id
              + " for a record of topic "
              + topic
              + ": "
              + e.getMessage(),
          e);
    }
    return readerFactory.apply(writer);
  }

  void close() {
    client.close();
  }
}
