package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.registry.AvroSerializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.registry.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String scope = "decoder-" + UUID.randomUUID();
  private final SchemaRegistryClient client = SchemaRegistryClients.create("mock://" + scope, null);
  private final RecordDecoder decoder = new RecordDecoder(client, false);

  @AfterEach
  void drop() {
    SchemaRegistryClients.dropScope(scope);
  }

  private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] key, byte[] value) {
    return new ConsumerRecord<>(
        topic,
        2,
        42L,
        1_763_856_000_000L,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length,
        value == null ? -1 : value.length,
        key,
        value,
        new RecordHeaders(),
        Optional.empty());
  }

  private static PaperEvent paperEvent(int n) {
    return PaperEvent.newBuilder()
        .setPaperId(String.format("%032x", n))
        .setTitle("Scaling laws for tiny test fixtures " + n)
        .setAbstractText("We show that fixtures scale. Ünïcödé survives: λ → ∞.")
        .setDigestDate(LocalDate.of(2026, 11, 23))
        .setDigestDateSource("OPTION")
        .setLineage(
            Lineage.newBuilder()
                .setFileName("digest-" + n + ".txt")
                .setFileSha256("ab".repeat(32))
                .setOrdinal(n)
                .setLineNumber(10 * n + 1)
                .build())
        .setIngestedAt(Instant.ofEpochMilli(1_763_856_000_000L + n))
        .build();
  }

  private JsonNode decode(ConsumerRecord<byte[], byte[]> record) throws Exception {
    return JSON.readTree(decoder.toJsonLine(record));
  }

  @Test
  void shouldDecodeWireFormatAvroIntoPlainJson() throws Exception {
    AvroSerializer<PaperEvent> serializer = new AvroSerializer<>(client);
    PaperEvent event = paperEvent(7);
    byte[] bytes = serializer.serialize("papers-raw", event);

    JsonNode json =
        decode(record("papers-raw", event.getPaperId().getBytes(StandardCharsets.UTF_8), bytes));

    assertThat(json.get("topic").asText()).isEqualTo("papers-raw");
    assertThat(json.get("partition").asInt()).isEqualTo(2);
    assertThat(json.get("offset").asLong()).isEqualTo(42L);
    assertThat(json.get("timestamp").asText()).isEqualTo("2025-11-23T00:00:00Z");
    assertThat(json.get("key").asText()).isEqualTo(event.getPaperId());
    assertThat(json.get("valueFormat").asText()).isEqualTo("avro");
    assertThat(json.get("valueSchemaId").asInt()).isEqualTo(WireFormat.schemaId(bytes, "t"));
    JsonNode value = json.get("value");
    assertThat(value.get("title").asText()).isEqualTo(event.getTitle());
    assertThat(value.get("abstractText").asText()).contains("λ → ∞");
    // The union ["null", date] is unwrapped; the logical types are readable.
    assertThat(value.get("digestDate").asText()).isEqualTo("2026-11-23");
    assertThat(value.get("digestDateSource").asText()).isEqualTo("OPTION");
    assertThat(value.get("ingestedAt").asText()).isEqualTo("2025-11-23T00:00:00.007Z");
    assertThat(value.get("lineage").get("ordinal").asInt()).isEqualTo(7);
  }

  @Test
  void shouldPrintNonAvroValuesAsTextOrBase64() throws Exception {
    JsonNode text = decode(record("t", null, "plain text".getBytes(StandardCharsets.UTF_8)));
    JsonNode binary = decode(record("t", null, new byte[] {(byte) 0xC3, 0x28}));
    JsonNode tombstone = decode(record("t", "k".getBytes(StandardCharsets.UTF_8), null));

    assertThat(text.get("valueFormat").asText()).isEqualTo("utf8");
    assertThat(text.get("value").asText()).isEqualTo("plain text");
    assertThat(text.get("key").isNull()).isTrue();
    assertThat(binary.get("valueFormat").asText()).isEqualTo("base64");
    assertThat(binary.get("value").asText()).isEqualTo("wyg=");
    assertThat(tombstone.get("valueFormat").asText()).isEqualTo("null");
    assertThat(tombstone.get("value").isNull()).isTrue();

    RecordDecoder forced = new RecordDecoder(client, true);
    JsonNode forcedText =
        JSON.readTree(forced.toJsonLine(record("t", null, "hi".getBytes(StandardCharsets.UTF_8))));
    assertThat(forcedText.get("valueFormat").asText()).isEqualTo("base64");
    assertThat(forcedText.get("value").asText()).isEqualTo("aGk=");
  }

  @Test
  void shouldKeepUndecodableWireFormatValuesAsBase64WithTheError() throws Exception {
    byte[] unknownId = {0, 0, 0, 0x7f, 0x7f, 1, 2};

    JsonNode json = decode(record("t", null, unknownId));

    assertThat(json.get("valueFormat").asText()).isEqualTo("base64");
    assertThat(json.get("valueSchemaId").asInt()).isEqualTo(0x7f7f);
    assertThat(json.get("valueError").asText()).contains("32639");
    assertThat(json.get("value").asText()).isEqualTo("AAAAf38BAg==");
  }

  @Test
  void shouldRenderHeadersAsStringsWithRepeatedNamesAsArrays() throws Exception {
    ConsumerRecord<byte[], byte[]> r = record("t", null, new byte[] {'x'});
    r.headers().add("file.name", "a.txt".getBytes(StandardCharsets.UTF_8));
    r.headers().add("tag", "one".getBytes(StandardCharsets.UTF_8));
    r.headers().add("tag", "two".getBytes(StandardCharsets.UTF_8));
    r.headers().add("empty", null);

    JsonNode headers = decode(r).get("headers");

    assertThat(headers.get("file.name").asText()).isEqualTo("a.txt");
    assertThat(headers.get("tag").get(0).asText()).isEqualTo("one");
    assertThat(headers.get("tag").get(1).asText()).isEqualTo("two");
    assertThat(headers.get("empty").isNull()).isTrue();
  }
}
