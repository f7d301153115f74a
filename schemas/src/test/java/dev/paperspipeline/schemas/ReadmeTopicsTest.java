package dev.paperspipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The topic table of docs/api.md is {@link Topics#markdownTable()}, between the markers {@value
 * #BEGIN} and {@value #END}: a topic added, renamed or re-documented in its contract fails here
 * until that page says the same. After an intended change, rewrite the table and review the diff:
 *
 * <pre>
 * mvn -B -pl schemas test -Dtest=ReadmeTopicsTest -Dpapers.readme.record=true
 * </pre>
 */
class ReadmeTopicsTest {
  static final String BEGIN = "<!-- topics:begin -->";
  static final String END = "<!-- topics:end -->";

  /** System property: write the table into docs/api.md instead of comparing. */
  static final String RECORD = "papers.readme.record";

  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve("docs").resolve("api.md");
  }

  @Test
  void shouldListTheTopicsAsTheirContractsDeclareThem() throws IOException {
    Path readme = readme();
    String text = Files.readString(readme);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    assertThat(from).as(BEGIN + " in docs/api.md").isNotNegative();
    assertThat(to).as(END + " in docs/api.md").isGreaterThan(from);
    String expected = "\n" + Topics.markdownTable();

    if (Boolean.getBoolean(RECORD)) {
      text = text.substring(0, from + BEGIN.length()) + expected + text.substring(to);
      Files.writeString(readme, text);
      to = text.indexOf(END);
    }

    assertThat(text.substring(from + BEGIN.length(), to)).isEqualTo(expected);
  }
}
