package dev.paperspipeline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The done-when check against the real digests; skipped where they are absent. */
class SharedDigestsTest {

  private static final Set<String> HEADER =
      Set.of(
          "new",
          "Get trending papers in your email inbox!",
          "Subscribe",
          "Daily Papers",
          "byAK and the research community",
          "by AK and the research community");

  @ParameterizedTest
  @CsvSource({"000_, 82", "001_, 138", "003_, 82"})
  void shouldParseEachRealDigestIntoItsExactPaperCount(String prefix, int expected)
      throws IOException {
    String dir = System.getProperty("papers.shared.digests");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "shared digests absent");
    Path file;
    try (var files = Files.list(Path.of(dir))) {
      List<Path> matching =
          files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
      assumeTrue(matching.size() == 1, "no single shared digest named " + prefix + "*");
      file = matching.get(0);
    }

    ParseResult result = new DigestParser(new ParserOptions(null, Clock.systemUTC())).parse(file);

    assertThat(result.fileRejection()).isNull();
    assertThat(result.rejections()).isEmpty();
    assertThat(result.papers()).hasSize(expected);
    assertThat(result.sizeBytes()).isEqualTo(Files.size(file));
    for (ParsedPaper p : result.papers()) {
      assertThat(p.title()).isNotBlank().hasSizeLessThanOrEqualTo(300);
      assertThat(HEADER).doesNotContain(p.title());
      assertThat(p.title()).doesNotEndWith(". ").doesNotContain("\n");
      // A merged title would leave an abstract starting with a title; a split one a short abstract.
      assertThat(p.abstractText()).hasSizeGreaterThan(400).doesNotContain("\n");
      assertThat(p.abstractText().length()).isGreaterThan(3 * p.title().length());
    }
    // every paper has a date and says how it was found; an inferred one is warned about once
    assertThat(result.papers()).allSatisfy(p -> assertThat(p.digestDate()).isNotNull());
    assertThat(result.papers())
        .extracting(ParsedPaper::digestDateSource)
        .containsOnly(result.papers().get(0).digestDateSource())
        .doesNotContainNull();
    boolean inferred =
        Set.of("FILE_MTIME", "MTIME_DAY").contains(result.papers().get(0).digestDateSource());
    assertThat(result.warnings()).hasSize(inferred ? 1 : 0);
    assertThat(result.papers())
        .extracting(ParsedPaper::ordinal)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(1, expected).boxed().toList());
  }
}
