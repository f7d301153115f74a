package dev.paperspipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's topic table is {@link Topics#markdownTable()}, between the markers {@value #BEGIN}
 * and {@value #END}: a topic added, renamed or re-documented in its contract fails here until the
 * README says the same. Skipped while the README has no markers. After an intended change, rewrite
 * the table and review the diff:
 *
 * <pre>
 * mvn -B -pl schemas test -Dtest=ReadmeTopicsTest -Dpapers.readme.record=true
 * </pre>
 */
class ReadmeTopicsTest {
  static final String BEGIN = "<!-- topics:begin -->";
  static final String END = "<!-- topics:end -->";

  /** System property: write the table into the README instead of comparing. */
  static final String RECORD = "papers.readme.record";

  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve("README.md");
  }

  @Test
  void shouldListTheTopicsAsTheirContractsDeclareThem() throws IOException {
    Path readme = readme();
    String text = Files.readString(readme);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    assumeTrue(from >= 0 && to > from, "README.md has no " + BEGIN + " ... " + END + " markers");
    String expected = "\n" + Topics.markdownTable();

    if (Boolean.getBoolean(RECORD)) {
      text = text.substring(0, from + BEGIN.length()) + expected + text.substring(to);
      Files.writeString(readme, text);
      to = text.indexOf(END);
    }

    assertThat(text.substring(from + BEGIN.length(), to)).isEqualTo(expected);
  }
}
