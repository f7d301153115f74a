package dev.paperspipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps every topic's value schema, and every state store's value schema (the files under {@code
 * src/main/avro/state/}), BACKWARD_TRANSITIVE compatible with all of its committed versions under
 * {@code schemas/history/<Name>/v<N>.avsc}, and requires the current schema to be committed there
 * as the newest version. A change that would break consumers fails the build.
 *
 * <p>To record a new version after a compatible change, run the build once with {@code
 * -Dpapers.schemas.record=true}: the current schema is written as the next version. A schema that
 * replaces another record on a topic (an Avro alias naming it) must also read every version of that
 * record.
 */
class SchemaCompatibilityTest {
  private static final Path HISTORY =
      Path.of(System.getProperty("papers.schemas.history", "history"));
  private static final Path STATE_SCHEMAS =
      Path.of(System.getProperty("papers.schemas.dir", "src/main/avro")).resolve("state");

  @TestFactory
  Stream<DynamicTest> shouldStayBackwardTransitiveCompatibleWithHistory() {
    return distinctSchemas().stream()
        .map(
            current ->
                DynamicTest.dynamicTest(current.getName(), () -> checkAgainstHistory(current)));
  }

  @Test
  void shouldDocumentEveryField() {
    for (Schema schema : distinctSchemas()) {
      assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
      for (Schema.Field field : schema.getFields()) {
        assertThat(field.doc()).as(schema.getName() + "." + field.name()).isNotBlank();
      }
    }
  }

  @Test
  void shouldFlagAnIncompatibleChangeAsIncompatible() {
    Schema old =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema addedRequired =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\"}]}");
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(addedRequired, old).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  @Test
  void shouldCheckTheStateStoreSchemas() {
    assertThat(stateSchemas()).isNotEmpty();
    assertThat(distinctSchemas().stream().map(Schema::getFullName))
        .contains("dev.paperspipeline.avro.state.StayingPaperDays");
  }

  private static List<Schema> distinctSchemas() {
    List<Schema> schemas = new ArrayList<>(stateSchemas());
    for (Topics.TopicContract<?> contract : Topics.ALL) {
      if (schemas.stream()
          .noneMatch(s -> s.getFullName().equals(contract.valueSchema().getFullName()))) {
        schemas.add(contract.valueSchema());
      }
    }
    return schemas;
  }

  private static void checkAgainstHistory(Schema current) throws IOException {
    Path dir = HISTORY.resolve(current.getName());
    List<Path> versions = versions(dir);
    if (Boolean.getBoolean("papers.schemas.record")) {
      boolean sameAsNewest =
          !versions.isEmpty() && parse(versions.get(versions.size() - 1)).equals(current);
      if (!sameAsNewest) {
        Files.createDirectories(dir);
        Path next = dir.resolve("v" + (versions.size() + 1) + ".avsc");
        Files.writeString(next, current.toString(true) + "\n", StandardCharsets.UTF_8);
        versions = versions(dir);
      }
    }
    assertThat(versions)
        .as(
            "committed versions of %s under %s (record with -Dpapers.schemas.record=true)",
            current.getName(), dir)
        .isNotEmpty();
    // A record that replaces another on a topic names it as an alias: it must read that one's
    // history too (Avro resolves the record name through the alias).
    List<Path> readable = new ArrayList<>(versions);
    for (String alias : current.getAliases()) {
      readable.addAll(versions(HISTORY.resolve(alias.substring(alias.lastIndexOf('.') + 1))));
    }
    for (Path version : readable) {
      Schema old = parse(version);
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      assertThat(result.getType())
          .as(
              "%s must read data written with %s: %s",
              current.getName(), version, result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
    assertThat(parse(versions.get(versions.size() - 1)))
        .as(
            "the current %s must be committed as the newest version under %s",
            current.getName(), dir)
        .isEqualTo(current);
  }

  /** The value schemas of the state stores, one file each, each parsed on its own. */
  private static List<Schema> stateSchemas() {
    try (Stream<Path> files = Files.list(STATE_SCHEMAS)) {
      List<Schema> schemas = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
        schemas.add(parse(file));
      }
      return schemas;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> versions(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaCompatibilityTest::versionNumber))
          .toList();
    }
  }

  private static int versionNumber(Path p) {
    String name = p.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
  }

  private static Schema parse(Path p) throws IOException {
    return new Schema.Parser().parse(Files.readString(p, StandardCharsets.UTF_8));
  }
}
