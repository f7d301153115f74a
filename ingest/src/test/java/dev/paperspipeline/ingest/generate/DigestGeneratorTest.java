package dev.paperspipeline.ingest.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestGeneratorTest {

  private static final LocalDate START = LocalDate.of(2025, 1, 6);

  @TempDir Path tmp;

  @Test
  void shouldWriteDigestsThatParseBackWithRepeatedPapersOnNearbyDays() throws IOException {
    int papers = 1500;
    int digests = 12;
    DigestGenerator generator = new DigestGenerator(papers, digests, 42, START);

    DigestGenerator.Summary summary = generator.generate(tmp.resolve("out"));

    DigestParser parser = new DigestParser(new ParserOptions(null, Clock.systemUTC()));
    Map<String, List<LocalDate>> seen = new HashMap<>();
    long sightings = 0;
    assertThat(summary.files()).hasSize(digests);
    for (int day = 0; day < digests; day++) {
      Path file = summary.files().get(day);
      assertThat(file.getFileName().toString()).isEqualTo("digest-" + START.plusDays(day) + ".txt");
      ParseResult r = parser.parse(file);
      assertThat(r.ok()).as(r.allRejections().toString()).isTrue();
      assertThat(r.warnings()).isEmpty();
      assertThat(r.papers()).hasSize(summary.papersPerFile().get(day));
      for (ParsedPaper p : r.papers()) {
        assertThat(p.digestDate()).isEqualTo(START.plusDays(day));
        assertThat(p.digestDateSource()).isEqualTo("FILE_NAME");
        seen.computeIfAbsent(p.paperId(), k -> new ArrayList<>()).add(p.digestDate());
      }
      sightings += r.papers().size();
    }

    assertThat(sightings).isEqualTo(summary.sightings());
    assertThat(seen).hasSize(papers);
    // Each paper is listed 1-3 times (at most once a day), within MAX_REPEAT_GAP days.
    for (List<LocalDate> dates : seen.values()) {
      assertThat(dates).hasSizeBetween(1, 3).doesNotHaveDuplicates();
      assertThat(dates.get(dates.size() - 1))
          .isBeforeOrEqualTo(dates.get(0).plusDays(DigestGenerator.MAX_REPEAT_GAP));
    }
    long repeated = seen.values().stream().filter(d -> d.size() > 1).count();
    assertThat(repeated).isGreaterThan(papers / 4);
    assertThat(sightings).isGreaterThan((long) (papers * 1.4));
  }

  @Test
  void shouldDriftFromDiffusionAndVisionToAgentsAndLlms() throws IOException {
    DigestGenerator generator = new DigestGenerator(3000, 10, 7, START);
    String first = Files.readString(generator.generate(tmp).files().get(0));
    String last = Files.readString(tmp.resolve(generator.fileName(9)));

    assertThat(count(first, "Diffusion")).isGreaterThan(2 * count(last, "Diffusion"));
    assertThat(count(last, "Agents")).isGreaterThan(2 * count(first, "Agents"));
    assertThat(last).contains("https://github.com/").containsAnyOf("MMLU", "GSM8K", "SWE-bench");
    assertThat(first).containsAnyOf("ImageNet", "COCO");
  }

  @Test
  void shouldBeDeterministicForASeed() throws IOException {
    List<Path> a = new DigestGenerator(300, 4, 99, START).generate(tmp.resolve("a")).files();
    List<Path> b = new DigestGenerator(300, 4, 99, START).generate(tmp.resolve("b")).files();
    List<Path> c = new DigestGenerator(300, 4, 100, START).generate(tmp.resolve("c")).files();

    for (int i = 0; i < a.size(); i++) {
      assertThat(Files.readAllBytes(a.get(i))).isEqualTo(Files.readAllBytes(b.get(i)));
    }
    assertThat(Files.readAllBytes(a.get(0))).isNotEqualTo(Files.readAllBytes(c.get(0)));
  }

  @Test
  void shouldPlantABurstAndAPhraseOnTheirDaysAndLeaveTheOtherDaysAsTheyWere() throws IOException {
    DigestGenerator plain = new DigestGenerator(300, 6, 99, START);
    DigestGenerator planted =
        plain
            .withBurst(new DigestGenerator.Burst("robotics", 3, 5))
            .withPhrase(new DigestGenerator.Phrase("holographic routing", 4, 2));
    for (int day : List.of(0, 1, 2)) {
      assertThat(planted.parseDigest(day)).isEqualTo(plain.parseDigest(day));
    }
    List<String> burstDay = titles(planted.parseDigest(3));
    List<String> plainDay = titles(plain.parseDigest(3));
    assertThat(burstDay).containsAll(plainDay);
    // the extra papers are robotics papers: four more for each new robotics paper of the day
    List<String> extra = new ArrayList<>(burstDay);
    extra.removeAll(plainDay);
    assertThat(extra).isNotEmpty();
    assertThat(extra.size() % 4).isZero();
    for (int day : List.of(4, 5)) {
      List<String> titles = titles(planted.parseDigest(day));
      assertThat(titles.stream().filter(t -> t.contains(": Holographic Routing for "))).hasSize(2);
      assertThat(titles).hasSize(plain.parseDigest(day).size() + 2);
    }
  }

  private static List<String> titles(List<ParsedPaper> papers) {
    return papers.stream().map(ParsedPaper::title).toList();
  }

  @Test
  void shouldGiveEveryPaperADistinctName() {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      names.add(DigestGenerator.name(i).toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(names).hasSize(200_000);
  }

  private static int count(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
      n++;
    }
    return n;
  }
}
