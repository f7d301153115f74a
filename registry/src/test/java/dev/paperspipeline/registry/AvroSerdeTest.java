package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.avro.PaperEvent;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private static final String TOPIC = "papers-raw";
  private final String scope = "serde-" + UUID.randomUUID();
  private final Map<String, Object> config =
      Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);

  @AfterEach
  void dropScope() {
    SchemaRegistryClients.dropScope(scope);
  }

  private SchemaRegistryClient client() {
    return SchemaRegistryClients.create("mock://" + scope, Map.of());
  }

  private static <T> T configured(T serde, Map<String, ?> config, boolean isKey) {
    if (serde instanceof org.apache.kafka.common.serialization.Serializer<?> s) {
      s.configure(config, isKey);
    } else if (serde instanceof org.apache.kafka.common.serialization.Deserializer<?> d) {
      d.configure(config, isKey);
    }
    return serde;
  }

  @Test
  void shouldWriteMagicByteThenBigEndianIdThenPlainAvroBinary() throws Exception {
    SchemaRegistryClient registry = client();
    // Push the next id past 255 so that byte order matters: 259 = 0x00000103.
    for (int i = 0; i < 258; i++) {
      registry.register("filler-" + i, Fixtures.record("Filler" + i));
    }
    AvroSerializer<PaperEvent> serializer = configured(new AvroSerializer<>(), config, false);
    PaperEvent event = Fixtures.paperEvent(1);

    byte[] bytes = serializer.serialize(TOPIC, event);

    assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 1, 3);
    assertThat(WireFormat.schemaId(bytes, TOPIC)).isEqualTo(259);
    assertThat(registry.lookupId("papers-raw-value", PaperEvent.getClassSchema())).isEqualTo(259);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
    new SpecificDatumWriter<PaperEvent>(PaperEvent.getClassSchema()).write(event, encoder);
    encoder.flush();
    assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());
  }

  @Test
  void shouldRoundTripSpecificRecordWithLogicalTypes() {
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class);
    serde.configure(config, false);
    PaperEvent event = Fixtures.paperEvent(7);

    PaperEvent back =
        serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event));

    assertThat(back).isEqualTo(event);
    assertThat(back.getDigestDate()).isEqualTo(event.getDigestDate());
    assertThat(back.getIngestedAt()).isEqualTo(event.getIngestedAt());
  }

  @Test
  void shouldUseKeySubjectForKeys() {
    AvroSerializer<PaperEvent> serializer = configured(new AvroSerializer<>(), config, true);
    serializer.serialize(TOPIC, Fixtures.paperEvent(1));
    assertThat(client().subjects()).containsExactly("papers-raw-key");
  }

  @Test
  void shouldMapNullToNullForTombstones() {
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class);
    serde.configure(config, false);
    assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    assertThat(configured(new GenericAvroDeserializer(), config, false).deserialize(TOPIC, null))
        .isNull();
  }

  @Test
  void shouldReadOldDataIntoReaderWithAnAddedDefaultedField() {
    Schema old = Fixtures.paperEventWithout("digestDateSource");
    PaperEvent current = Fixtures.paperEvent(3);
    GenericRecord oldRecord = new GenericData.Record(old);
    for (Schema.Field f : old.getFields()) {
      oldRecord.put(f.name(), toGeneric(current.get(f.name())));
    }
    byte[] oldBytes =
        configured(new GenericAvroSerializer(), config, false).serialize(TOPIC, oldRecord);

    PaperEvent read =
        configured(new AvroDeserializer<>(PaperEvent.class), config, false)
            .deserialize(TOPIC, oldBytes);

    assertThat(read.getDigestDateSource()).isNull();
    assertThat(read.getTitle()).isEqualTo(current.getTitle());
    assertThat(read.getDigestDate()).isEqualTo(current.getDigestDate());
    assertThat(read.getLineage()).isEqualTo(current.getLineage());
    assertThat(read.getIngestedAt()).isEqualTo(current.getIngestedAt());
  }

  private static Object toGeneric(Object value) {
    if (value instanceof java.time.LocalDate d) {
      return (int) d.toEpochDay();
    }
    if (value instanceof java.time.Instant i) {
      return i.toEpochMilli();
    }
    if (value instanceof dev.paperspipeline.avro.Lineage l) {
      return l; // a SpecificRecord is a GenericRecord
    }
    return value;
  }

  @Test
  void shouldRegisterOncePerSubjectAndSchemaAndFetchEachIdOnce() {
    CountingClient counting = new CountingClient(client());
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class, counting);

    for (int i = 0; i < 200; i++) {
      PaperEvent event = Fixtures.paperEvent(i);
      assertThat(
              serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, event)))
          .isEqualTo(event);
    }
    serde.serializer().serialize("papers-unique", Fixtures.paperEvent(1));

    assertThat(counting.registers).hasValue(2);
    assertThat(counting.byId).hasValue(1);
    assertThat(counting.delegate.subjects())
        .containsExactly("papers-raw-value", "papers-unique-value");
    assertThat(counting.delegate.lookupId("papers-unique-value", PaperEvent.getClassSchema()))
        .as("one schema, one id across subjects")
        .isEqualTo(counting.delegate.lookupId("papers-raw-value", PaperEvent.getClassSchema()));
  }

  @Test
  void shouldFailClearlyWhenAutoRegisterIsOffAndSchemaIsNotRegistered() {
    AvroSerializer<PaperEvent> serializer =
        configured(
            new AvroSerializer<>(),
            Map.of(
                RegistryConfig.SCHEMA_REGISTRY_URL,
                "mock://" + scope,
                RegistryConfig.AUTO_REGISTER_SCHEMAS,
                "false"),
            false);

    assertThatThrownBy(() -> serializer.serialize(TOPIC, Fixtures.paperEvent(1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("papers-raw-value")
        .hasMessageContaining("auto.register.schemas=false")
        .cause()
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
            });

    client().register("papers-raw-value", Fixtures.paperEventWithout("digestDateSource"));
    assertThatThrownBy(() -> serializer.serialize(TOPIC, Fixtures.paperEvent(1)))
        .cause()
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));

    int id = client().register("papers-raw-value", PaperEvent.getClassSchema());
    assertThat(WireFormat.schemaId(serializer.serialize(TOPIC, Fixtures.paperEvent(1)), TOPIC))
        .isEqualTo(id);
  }

  @Test
  void shouldWriteWithLatestVersionWhenConfigured() throws Exception {
    // The latest registered version has a field the record's class lacks; bytes must follow it.
    Schema current = PaperEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        new Schema.Field("venue", Schema.create(Schema.Type.STRING), "added later", "unknown"));
    Schema newer =
        Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    client().register("papers-raw-value", current);
    int newerId = client().register("papers-raw-value", newer);
    AvroSerializer<PaperEvent> serializer =
        configured(
            new AvroSerializer<>(),
            Map.of(
                RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
                RegistryConfig.AUTO_REGISTER_SCHEMAS, false,
                RegistryConfig.USE_LATEST_VERSION, true),
            false);

    byte[] bytes = serializer.serialize(TOPIC, Fixtures.paperEvent(2));

    assertThat(WireFormat.schemaId(bytes, TOPIC)).isEqualTo(newerId);
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(newer)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertThat(decoded.get("venue").toString()).isEqualTo("unknown");
    assertThat(decoded.get("title").toString()).isEqualTo(Fixtures.paperEvent(2).getTitle());
    assertThat(
            configured(new AvroDeserializer<>(PaperEvent.class), config, false)
                .deserialize(TOPIC, bytes))
        .isEqualTo(Fixtures.paperEvent(2));
  }

  @Test
  void shouldRejectBytesNotInWireFormat() {
    AvroDeserializer<PaperEvent> deserializer =
        configured(new AvroDeserializer<>(PaperEvent.class), config, false);
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {1, 0, 0, 0, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte 0x01")
        .hasMessageContaining(TOPIC);
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 42, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 42")
        .cause()
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
  }

  @Test
  void shouldDecodeAnyTopicIntoGenericRecords() {
    byte[] bytes =
        configured(new AvroSerializer<PaperEvent>(), config, false)
            .serialize(TOPIC, Fixtures.paperEvent(5));

    GenericRecord generic =
        configured(new GenericAvroDeserializer(), config, false).deserialize(TOPIC, bytes);
    GenericRecord specific =
        configured(
                new GenericAvroDeserializer(),
                Map.of(
                    RegistryConfig.SCHEMA_REGISTRY_URL,
                    "mock://" + scope,
                    RegistryConfig.SPECIFIC_AVRO_READER,
                    "true"),
                false)
            .deserialize(TOPIC, bytes);

    assertThat(generic).isNotInstanceOf(PaperEvent.class);
    assertThat(generic.get("title").toString()).isEqualTo(Fixtures.paperEvent(5).getTitle());
    assertThat(((GenericRecord) generic.get("lineage")).get("ordinal")).isEqualTo(5);
    assertThat(specific).isEqualTo(Fixtures.paperEvent(5));
  }

  @Test
  void shouldSerializeConcurrentlyFromManyThreads() throws Exception {
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class);
    serde.configure(config, false);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 1000;
        results.add(
            pool.submit(
                () -> {
                  for (int i = base; i < base + 500; i++) {
                    PaperEvent e = Fixtures.paperEvent(i);
                    if (!e.equals(
                        serde
                            .deserializer()
                            .deserialize(TOPIC, serde.serializer().serialize(TOPIC, e)))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(client().versions("papers-raw-value")).containsExactly(1);
  }

  @Test
  void shouldEncodeNullableUnionsExactlyAsAvroDoes() throws Exception {
    AvroSerializer<PaperEvent> serializer = configured(new AvroSerializer<>(), config, false);
    PaperEvent withNulls = Fixtures.paperEvent(3);
    withNulls.setDigestDate(null);
    withNulls.setDigestDateSource(null);

    for (PaperEvent event : List.of(Fixtures.paperEvent(3), withNulls)) {
      byte[] bytes = serializer.serialize(TOPIC, event);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
      new SpecificDatumWriter<PaperEvent>(PaperEvent.getClassSchema()).write(event, encoder);
      encoder.flush();
      assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());
    }
  }

  @Test
  void shouldEncodeEveryUnionShapeOfGenericRecordsExactlyAsAvroDoes() throws Exception {
    Schema schema =
        Fixtures.record(
            "Unions",
            "{\"name\":\"nullFirst\",\"type\":[\"null\",\"string\"]}",
            "{\"name\":\"nullLast\",\"type\":[\"long\",\"null\"]}",
            "{\"name\":\"noNull\",\"type\":[\"int\",\"string\"]}",
            "{\"name\":\"three\",\"type\":[\"null\",\"int\",\"string\"]}");
    GenericAvroSerializer serializer = configured(new GenericAvroSerializer(), config, false);
    List<Object[]> rows =
        List.of(
            new Object[] {"x", 5L, 7, "s"},
            new Object[] {null, null, "t", 9},
            new Object[] {"y", null, 8, null});

    for (Object[] row : rows) {
      GenericRecord record = new GenericData.Record(schema);
      record.put("a", "a");
      record.put("nullFirst", row[0]);
      record.put("nullLast", row[1]);
      record.put("noNull", row[2]);
      record.put("three", row[3]);
      byte[] bytes = serializer.serialize("unions", record);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
      new org.apache.avro.generic.GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
      encoder.flush();
      assertThat(Arrays.copyOfRange(bytes, 5, bytes.length))
          .as(Arrays.toString(row))
          .isEqualTo(plain.toByteArray());
    }
  }

  @Test
  void shouldFailAsASerializationExceptionWhenANullableFieldHoldsTheWrongType() {
    Schema schema = Fixtures.record("Nullable", "{\"name\":\"n\",\"type\":[\"null\",\"long\"]}");
    GenericRecord record = new GenericData.Record(schema);
    record.put("a", "a");
    record.put("n", "not a long");
    GenericAvroSerializer serializer = configured(new GenericAvroSerializer(), config, false);

    assertThatThrownBy(() -> serializer.serialize("nullable", record))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Cannot encode test.Nullable for topic nullable");
  }

  @Test
  void shouldEncodeTheSameInstanceForEachTopicUnderItsOwnSchemaId() throws Exception {
    Schema current = PaperEvent.getClassSchema();
    List<Schema.Field> fields = new ArrayList<>();
    current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    fields.add(
        new Schema.Field("venue", Schema.create(Schema.Type.STRING), "added later", "unknown"));
    Schema newer =
        Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    int currentId = client().register("old-value", current);
    client().register("new-value", current);
    int newerId = client().register("new-value", newer);
    AvroSerializer<PaperEvent> serializer =
        configured(
            new AvroSerializer<>(),
            Map.of(
                RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
                RegistryConfig.AUTO_REGISTER_SCHEMAS, false,
                RegistryConfig.USE_LATEST_VERSION, true),
            false);
    PaperEvent event = Fixtures.paperEvent(6);

    byte[] old = serializer.serialize("old", event);
    byte[] converted = serializer.serialize("new", event);
    byte[] oldAgain = serializer.serialize("old", event);

    assertThat(WireFormat.schemaId(old, "old")).isEqualTo(currentId);
    assertThat(WireFormat.schemaId(converted, "new")).isEqualTo(newerId);
    assertThat(converted.length).isGreaterThan(old.length); // "unknown" was written
    assertThat(oldAgain).isEqualTo(old);
  }

  @Test
  void shouldEncodeAMutatedInstanceAfresh() {
    AvroSerializer<PaperEvent> serializer = configured(new AvroSerializer<>(), config, false);
    PaperEvent event = Fixtures.paperEvent(8);
    byte[] before = serializer.serialize(TOPIC, event);

    event.setTitle("A title set after the first send");
    byte[] after = serializer.serialize(TOPIC, event);

    assertThat(after).isNotEqualTo(before);
    assertThat(
            configured(new AvroDeserializer<>(PaperEvent.class), config, false)
                .deserialize(TOPIC, after)
                .getTitle())
        .isEqualTo("A title set after the first send");
  }
}
