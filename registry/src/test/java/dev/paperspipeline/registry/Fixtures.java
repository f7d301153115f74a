package dev.paperspipeline.registry;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/** Test records and schema variants. */
final class Fixtures {
  private Fixtures() {}

  static PaperEvent paperEvent(int n) {
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

  /** PaperEvent's schema without one of its defaulted fields: what an older writer used. */
  static Schema paperEventWithout(String field) {
    Schema current = PaperEvent.getClassSchema();
    List<Schema.Field> fields =
        current.getFields().stream()
            .filter(f -> !f.name().equals(field))
            .map(f -> new Schema.Field(f, f.schema()))
            .collect(Collectors.toList());
    return Schema.createRecord(
        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
  }

  /** A small record schema; {@code extra} adds fields (with or without default). */
  static Schema record(String name, String... extraFields) {
    StringBuilder json =
        new StringBuilder(
            "{\"type\":\"record\",\"name\":\""
                + name
                + "\",\"namespace\":\"test\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}");
    for (String f : extraFields) {
      json.append(',').append(f);
    }
    return new Schema.Parser().parse(json.append("]}").toString());
  }
}
