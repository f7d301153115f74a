package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
  @Test
  void shouldMapEveryAvroTypeToJson() {
    Schema schema =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"All","namespace":"test","fields":[
                  {"name":"n","type":["null","string"]},
                  {"name":"s","type":["null","string"]},
                  {"name":"b","type":"bytes"},
                  {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
                  {"name":"a","type":{"type":"array","items":"long"}},
                  {"name":"m","type":{"type":"map","values":"double"}},
                  {"name":"f","type":{"type":"fixed","name":"Two","size":2}},
                  {"name":"flag","type":"boolean"},
                  {"name":"x","type":"float"}
                ]}""");
    GenericRecord r = new GenericData.Record(schema);
    r.put("n", null);
    r.put("s", "text");
    r.put("b", ByteBuffer.wrap(new byte[] {1, 2, 3}));
    r.put("e", new GenericData.EnumSymbol(schema.getField("e").schema(), "GREEN"));
    r.put("a", List.of(1L, 2L));
    r.put("m", Map.of("k", Double.NaN));
    r.put("f", new GenericData.Fixed(schema.getField("f").schema(), new byte[] {(byte) 0xff, 0}));
    r.put("flag", true);
    r.put("x", 1.5f);

    JsonNode json = AvroJson.toJson(r);

    assertThat(json.get("n").isNull()).isTrue();
    assertThat(json.get("s").asText()).isEqualTo("text");
    assertThat(json.get("b").asText()).isEqualTo("AQID");
    assertThat(json.get("e").asText()).isEqualTo("GREEN");
    assertThat(json.get("a").get(1).asLong()).isEqualTo(2L);
    assertThat(json.get("m").get("k").asDouble()).isNaN();
    assertThat(json.get("f").asText()).isEqualTo("/wA=");
    assertThat(json.get("flag").asBoolean()).isTrue();
    assertThat(json.get("x").asDouble()).isEqualTo(1.5);
  }

  @Test
  void shouldWriteLogicalTypesAsReadableText() {
    Schema schema =
        new Schema.Parser()
            .parse(
                """
                {"type":"record","name":"Logical","namespace":"test","fields":[
                  {"name":"day","type":["null",{"type":"int","logicalType":"date"}]},
                  {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
                  {"name":"local","type":{"type":"long","logicalType":"local-timestamp-millis"}},
                  {"name":"clock","type":{"type":"int","logicalType":"time-millis"}},
                  {"name":"price","type":{"type":"bytes","logicalType":"decimal",
                    "precision":6,"scale":2}},
                  {"name":"id","type":{"type":"string","logicalType":"uuid"}}
                ]}""");
    Schema price = schema.getField("price").schema();
    GenericRecord r = new GenericData.Record(schema);
    r.put("day", 20_415); // 2025-11-23
    r.put("at", 1_763_856_000_000_123L);
    r.put("local", 1_763_856_000_007L);
    r.put("clock", 45_296_789);
    r.put(
        "price",
        new Conversions.DecimalConversion()
            .toBytes(new BigDecimal("1234.50"), price, LogicalTypes.fromSchema(price)));
    r.put("id", "0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e");

    JsonNode json = AvroJson.toJson(r);

    assertThat(json.get("day").asText()).isEqualTo("2025-11-23");
    assertThat(json.get("at").asText()).isEqualTo("2025-11-23T00:00:00.000123Z");
    assertThat(json.get("local").asText()).isEqualTo("2025-11-23T00:00:00.007");
    assertThat(json.get("clock").asText()).isEqualTo("12:34:56.789");
    assertThat(json.get("price").asText()).isEqualTo("1234.50");
    assertThat(json.get("id").asText()).isEqualTo("0b7c6f1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e");
  }

  @Test
  void shouldGiveTheSameJsonForASpecificRecordAndItsGenericReading() throws IOException {
    PaperEvent event =
        PaperEvent.newBuilder()
            .setPaperId("0123456789abcdef0123456789abcdef")
            .setTitle("Scaling laws for tiny test fixtures")
            .setAbstractText("λ → ∞")
            .setDigestDate(LocalDate.of(2026, 11, 23))
            .setDigestDateSource("OPTION")
            .setLineage(
                Lineage.newBuilder()
                    .setFileName("digest.txt")
                    .setFileSha256("ab".repeat(32))
                    .setOrdinal(3)
                    .setLineNumber(31)
                    .build())
            .setIngestedAt(Instant.ofEpochMilli(1_763_856_000_007L))
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<PaperEvent>(PaperEvent.getClassSchema()).write(event, encoder);
    encoder.flush();
    // A generic reader without conversions: the logical types stay ints and longs.
    GenericRecord generic =
        new GenericDatumReader<GenericRecord>(PaperEvent.getClassSchema())
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    JsonNode fromSpecific = AvroJson.toJson(event);

    assertThat(generic.get("digestDate")).isInstanceOf(Integer.class);
    assertThat(AvroJson.toJson(generic)).isEqualTo(fromSpecific);
    assertThat(fromSpecific.get("digestDate").asText()).isEqualTo("2026-11-23");
    assertThat(fromSpecific.get("ingestedAt").asText()).isEqualTo("2025-11-23T00:00:00.007Z");
  }
}
