package dev.paperspipeline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** 1,000 mutated digests: the parser never fails, and every paragraph is accounted for. */
class DigestParserFuzzTest {
  /** Override with -Dpapers.fuzz.seed=N to reproduce a failure printed by this test. */
  private static final long SEED = Long.getLong("papers.fuzz.seed", 20261126L);

  private static final int FILES = 1000;

  @Test
  void shouldAccountForEveryEntryOfAThousandMutatedDigests() throws Exception {
    System.out.println("DigestParserFuzzTest seed " + SEED + " (-Dpapers.fuzz.seed=" + SEED + ")");
    Random random = new Random(SEED);
    Clock clock = Clock.fixed(Instant.parse("2025-11-26T00:00:00Z"), ZoneOffset.UTC);
    DigestParser parser = new DigestParser(new ParserOptions(null, clock));
    int wholeFileRejections = 0;
    long papers = 0;
    long rejections = 0;
    for (int i = 0; i < FILES; i++) {
      byte[] bytes = MutatedDigests.next(random, i);
      int expected = MutatedDigests.paragraphsToAccountFor(bytes);
      String name = "fuzz-" + i + ".txt";
      String where = "seed " + SEED + ", file " + i;
      ParseResult held = parser.parse(name, bytes, null);
      if (expected < 0) {
        assertThat(held.fileRejection()).as(where).isNotNull();
        assertThat(held.papers()).as(where).isEmpty();
        assertThat(held.rejections()).as(where).isEmpty();
        wholeFileRejections++;
        continue;
      }
      assertThat(held.fileRejection()).as(where).isNull();
      assertThat(2 * held.papers().size() + held.rejections().size())
          .as("%s: paragraphs = 2 x papers + rejections", where)
          .isEqualTo(expected);
      papers += held.papers().size();
      rejections += held.rejections().size();

      // The streaming API hands over exactly the same papers and rejections, in file order.
      List<ParsedPaper> streamedPapers = new ArrayList<>();
      List<Rejection> streamedRejections = new ArrayList<>();
      ParseResult streamed =
          parser.parse(
              name,
              new ByteArrayInputStream(bytes),
              null,
              held.sha256(),
              new DigestParser.Sink() {
                @Override
                public void paper(ParsedPaper paper) {
                  streamedPapers.add(paper);
                }

                @Override
                public void rejection(Rejection rejection) {
                  streamedRejections.add(rejection);
                }
              });
      assertThat(streamed.sha256()).as(where).isEqualTo(held.sha256());
      assertThat(streamed.papers()).as(where).isEmpty();
      assertThat(streamedPapers).as(where).isEqualTo(held.papers());
      assertThat(streamedRejections).as(where).isEqualTo(held.rejections());
    }
    System.out.printf(
        "DigestParserFuzzTest: %d files, %d papers, %d rejected entries, %d rejected files%n",
        FILES, papers, rejections, wholeFileRejections);
    // The mutations reach every outcome (otherwise the test proves less than it claims).
    assertThat(wholeFileRejections).isBetween(1, FILES / 2);
    assertThat(rejections).isPositive();
    assertThat(papers).isPositive();
  }
}
