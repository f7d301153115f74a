package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The {@code _schemas} records we write, byte for byte against fixtures written from Confluent
 * Schema Registry's storage classes (SchemaKey, ConfigKey, DeleteSubjectKey, NoopKey: Jackson with
 * {@code @JsonPropertyOrder} and {@code NON_EMPTY} inclusion; SchemaValue, ConfigValue,
 * DeleteSubjectValue in their creator order). Equal key bytes matter beyond parsing: compaction
 * keeps one record per key, so our key and Confluent's for one subject version must be identical.
 */
class ConfluentRecordsTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteSchemaRecordsAsConfluentDoes() {
    assertThat(text(ConfluentRecords.schemaKey("papers-raw-value", 3)))
        .isEqualTo(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"papers-raw-value\",\"version\":3,\"magic\":1}");
    assertThat(
            text(
                ConfluentRecords.schemaValue(
                    "test",
                    1,
                    1,
                    "{\"type\":\"record\",\"name\":\"myrecord\",\"fields\":[{\"name\":\"f1\","
                        + "\"type\":\"string\"}]}",
                    false)))
        .isEqualTo(
            "{\"subject\":\"test\",\"version\":1,\"id\":1,"
                + "\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"myrecord\\\","
                + "\\\"fields\\\":[{\\\"name\\\":\\\"f1\\\",\\\"type\\\":\\\"string\\\"}]}\","
                + "\"deleted\":false}");
    assertThat(text(ConfluentRecords.schemaValue("s", 2, 7, "\"string\"", true)))
        .isEqualTo(
            "{\"subject\":\"s\",\"version\":2,\"id\":7,\"schema\":\"\\\"string\\\"\","
                + "\"deleted\":true}");
  }

  @Test
  void shouldWriteConfigDeleteAndNoopRecordsAsConfluentDoes() {
    assertThat(text(ConfluentRecords.configKey(null)))
        .isEqualTo("{\"keytype\":\"CONFIG\",\"magic\":0}");
    assertThat(text(ConfluentRecords.configKey("s")))
        .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"s\",\"magic\":0}");
    assertThat(text(ConfluentRecords.configValue(null, CompatibilityLevel.FULL_TRANSITIVE)))
        .isEqualTo("{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}");
    assertThat(text(ConfluentRecords.configValue("s", CompatibilityLevel.NONE)))
        .isEqualTo("{\"subject\":\"s\",\"compatibilityLevel\":\"NONE\"}");
    assertThat(text(ConfluentRecords.deleteSubjectKey("s")))
        .isEqualTo("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}");
    assertThat(text(ConfluentRecords.deleteSubjectValue("s", 4)))
        .isEqualTo("{\"subject\":\"s\",\"version\":4}");
    assertThat(text(ConfluentRecords.noopKey())).isEqualTo("{\"keytype\":\"NOOP\",\"magic\":0}");
  }
}
