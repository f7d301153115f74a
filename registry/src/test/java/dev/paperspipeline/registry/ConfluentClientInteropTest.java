package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.avro.PaperEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.RestService;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our server against Confluent's own Java REST client ({@code kafka-schema-registry-client} 7.5.3,
 * shaded inside Flink's {@code flink-sql-avro-confluent-registry}), and our serdes against Flink's
 * Confluent wire-format coder (which uses that client and its own shaded Avro).
 */
class ConfluentClientInteropTest {
  private static final String SUBJECT = "papers-raw-value";
  private static final String TOPIC = "papers-raw";
  private static SchemaRegistryServer server;

  @BeforeAll
  static void start() throws Exception {
    server = SchemaRegistryServer.start(SchemaRegistryServer.Config.inMemory().withPort(0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static AvroSchema confluentSchema(org.apache.avro.Schema ours) {
    return new AvroSchema(ours.toString());
  }

  @Test
  void shouldServeConfluentsCachedSchemaRegistryClient() throws Exception {
    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(server.url(), 100);
    RestService rest = new RestService(server.url());
    SchemaRegistryClient ours = SchemaRegistryClients.create(server.url(), Map.of());
    String subject = "confluent-client-value";
    org.apache.avro.Schema v1 = Fixtures.record("C");
    org.apache.avro.Schema v2 =
        Fixtures.record("C", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");

    int id1 = confluent.register(subject, confluentSchema(v1));
    int id2 = confluent.register(subject, confluentSchema(v2));

    assertThat(ours.lookupId(subject, v1)).isEqualTo(id1);
    assertThat(ours.register(subject, v2)).isEqualTo(id2);
    CachedSchemaRegistryClient fresh = new CachedSchemaRegistryClient(server.url(), 100);
    assertThat(fresh.getId(subject, confluentSchema(v1))).isEqualTo(id1);
    assertThat(fresh.getVersion(subject, confluentSchema(v2))).isEqualTo(2);
    assertThat(fresh.getSchemaById(id1).canonicalString()).isEqualTo(v1.toString());
    SchemaMetadata latest = fresh.getLatestSchemaMetadata(subject);
    assertThat(latest.getId()).isEqualTo(id2);
    assertThat(latest.getVersion()).isEqualTo(2);
    assertThat(new org.apache.avro.Schema.Parser().parse(latest.getSchema())).isEqualTo(v2);
    assertThat(fresh.getAllSubjects()).contains(subject);
    assertThat(fresh.getAllVersions(subject)).containsExactly(1, 2);
    assertThat(fresh.getAllVersionsById(id1))
        .extracting(sv -> sv.getSubject() + "#" + sv.getVersion())
        .containsExactly(subject + "#1");

    org.apache.avro.Schema required = Fixtures.record("C", "{\"name\":\"c\",\"type\":\"int\"}");
    assertThat(fresh.testCompatibility(subject, confluentSchema(required))).isFalse();
    assertThat(fresh.testCompatibilityVerbose(subject, confluentSchema(required)))
        .anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    assertThatThrownBy(() -> fresh.register(subject, confluentSchema(required)))
        .isInstanceOfSatisfying(
            RestClientException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(409);
              assertThat(e.getErrorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            });
    assertThatThrownBy(() -> fresh.getSchemaById(9_999))
        .isInstanceOfSatisfying(
            RestClientException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(404);
              assertThat(e.getErrorCode()).isEqualTo(40403);
            });
    assertThatThrownBy(() -> fresh.getLatestSchemaMetadata("missing-value"))
        .isInstanceOfSatisfying(
            RestClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40401));

    rest.updateCompatibility("NONE", subject);
    assertThat(rest.getConfig(subject).getCompatibilityLevel()).isEqualTo("NONE");
    assertThat(rest.getConfig(null).getCompatibilityLevel()).isEqualTo("BACKWARD");
    assertThat(ours.compatibility(subject)).isEqualTo("NONE");
    assertThat(fresh.register(subject, confluentSchema(required))).isEqualTo(id2 + 1);
    assertThat(fresh.deleteSubject(subject, false)).containsExactly(1, 2, 3);
    assertThat(ours.subjects()).doesNotContain(subject);
  }

  @Test
  void shouldExchangeWireFormatBytesWithFlinksConfluentCoder() throws Exception {
    CachedSchemaRegistryClient confluent = new CachedSchemaRegistryClient(server.url(), 100);
    Map<String, Object> config = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, server.url());
    PaperEvent event = Fixtures.paperEvent(42);

    // Ours -> theirs.
    AvroSerializer<PaperEvent> serializer = new AvroSerializer<>();
    serializer.configure(config, false);
    byte[] ours = serializer.serialize(TOPIC, event);
    ByteArrayInputStream in = new ByteArrayInputStream(ours);
    org.apache.flink.avro.shaded.org.apache.avro.Schema writer =
        new ConfluentSchemaRegistryCoder(confluent).readSchema(in);
    GenericRecord theirs =
        new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(in, null));
    assertThat(theirs.get("title").toString()).isEqualTo(event.getTitle());
    assertThat(theirs.get("abstractText").toString()).isEqualTo(event.getAbstractText());
    assertThat(theirs.get("digestDate")).isEqualTo((int) event.getDigestDate().toEpochDay());
    assertThat(theirs.get("ingestedAt")).isEqualTo(event.getIngestedAt().toEpochMilli());
    assertThat(((GenericRecord) theirs.get("lineage")).get("ordinal")).isEqualTo(42);

    // Theirs -> ours: Flink's coder registers the schema and writes the header.
    org.apache.flink.avro.shaded.org.apache.avro.Schema schema =
        new org.apache.flink.avro.shaded.org.apache.avro.Schema.Parser()
            .parse(PaperEvent.getClassSchema().toString());
    GenericRecord lineage = new GenericData.Record(schema.getField("lineage").schema());
    lineage.put("fileName", "theirs.txt");
    lineage.put("fileSha256", "cd".repeat(32));
    lineage.put("ordinal", 7);
    lineage.put("lineNumber", 70);
    GenericRecord record = new GenericData.Record(schema);
    record.put("paperId", "0".repeat(32));
    record.put("title", "Written by Flink's coder");
    record.put("abstractText", "Decoded by ours.");
    record.put("digestDate", 20_000);
    record.put("digestDateSource", null);
    record.put("lineage", lineage);
    record.put("ingestedAt", 1_700_000_000_000L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder("flink-" + SUBJECT, confluent).writeSchema(schema, out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
    encoder.flush();

    AvroDeserializer<PaperEvent> deserializer = new AvroDeserializer<>(PaperEvent.class);
    deserializer.configure(config, false);
    PaperEvent decoded = deserializer.deserialize("flink-" + TOPIC, out.toByteArray());
    assertThat(decoded.getTitle()).isEqualTo("Written by Flink's coder");
    assertThat(decoded.getDigestDate()).isEqualTo(java.time.LocalDate.ofEpochDay(20_000));
    assertThat(decoded.getDigestDateSource()).isNull();
    assertThat(decoded.getIngestedAt())
        .isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(decoded.getLineage().getFileName()).isEqualTo("theirs.txt");
    assertThat(WireFormat.schemaId(out.toByteArray(), TOPIC))
        .as("one schema text, one id: Flink's registration reused ours")
        .isEqualTo(WireFormat.schemaId(ours, TOPIC));
  }
}
