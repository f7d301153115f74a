package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Generated digests (papers listed on up to four days, one day left out, one file duplicated and
 * one nearly) through the three analytics, against an independent recount of the same events.
 */
class WeeklyAnalyticsRecountTest {
  private static final LocalDate START = LocalDate.of(2025, 9, 1); // a Monday
  private static final int DAYS = 15;
  private static final int LEFT_OUT = 9; // Wednesday 2025-09-10

  @Test
  void shouldEqualARecountOfGeneratedDigestsWithADayLeftOut() throws IOException {
    DigestGenerator generator = new DigestGenerator(240, DAYS, 11L, START);
    Recount recount = new Recount();
    Map<String, DigestHealth> health = new TreeMap<>();
    Map<String, OpenCodeShare> share = new TreeMap<>();
    Map<String, StayingPower> staying = new TreeMap<>();
    int papersDay2 = 0;
    try (WeeklyAnalyticsDriver t =
        new WeeklyAnalyticsDriver(Instant.parse("2025-09-01T12:00:00Z"))) {
      for (int day = 0; day < DAYS; day++) {
        if (day == LEFT_OUT) {
          t.advance(Duration.ofDays(1));
          continue;
        }
        List<PaperEvent> events = new ArrayList<>();
        for (ParsedPaper p : generator.parseDigest(day)) {
          events.add(p.toEvent(Recount.INGESTED));
        }
        recount.feed(t, new Recount.File(generator.fileName(day), events));
        if (day == 2) {
          papersDay2 = events.size();
          // the same bytes again, and a second file listing the same papers
          t.files.pipeInput(
              "sha-" + generator.fileName(day),
              DigestHealthTopologyTest.file(
                  "copy.txt",
                  "sha-" + generator.fileName(day),
                  generator.date(day),
                  "DUPLICATE",
                  0),
              Recount.INGESTED);
          t.files.pipeInput(
              "sha-again",
              DigestHealthTopologyTest.file(
                  "again.txt",
                  "sha-again",
                  generator.date(day),
                  "DONE",
                  0,
                  events.stream().map(PaperEvent::getPaperId).toArray(String[]::new)),
              Recount.INGESTED);
        }
        share.putAll(t.share.readKeyValuesToMap());
        staying.putAll(t.staying.readKeyValuesToMap());
        health.putAll(t.health.readKeyValuesToMap());
      }
      t.advance(Duration.ofDays(30));
      share.putAll(t.share.readKeyValuesToMap());
      staying.putAll(t.staying.readKeyValuesToMap());
      health.putAll(t.health.readKeyValuesToMap());
    }

    // open-code share: every topic-week equals the recount, and is final
    Map<String, String> actualShare = new TreeMap<>();
    share.forEach(
        (k, v) -> {
          assertThat(v.getFinal$()).as(k).isTrue();
          assertThat(v.getShare()).isEqualTo((double) v.getPapersWithCode() / v.getPapers());
          actualShare.put(
              k, v.getPapers() + "/" + v.getPapersWithCode() + " " + new TreeMap<>(v.getHosts()));
        });
    Map<String, String> expectedShare = recount.openCode();
    assertThat(actualShare).isEqualTo(expectedShare);
    assertThat(expectedShare).hasSizeGreaterThan(10);
    assertThat(recount.enriched).hasSize(expectedPapers(generator));

    // staying power: every week's final ranking equals the recount
    Map<String, List<String>> actualStaying = new TreeMap<>();
    staying.forEach(
        (k, v) -> {
          assertThat(v.getFinal$()).as(k).isTrue();
          actualStaying.put(
              k, v.getEntries().stream().map(WeeklyAnalyticsRecountTest::entry).toList());
        });
    assertThat(actualStaying).isEqualTo(recount.staying(10));
    assertThat(actualStaying)
        .containsOnlyKeys("WEEK:2025-09-01", "WEEK:2025-09-08", "WEEK:2025-09-15");
    assertThat(actualStaying.get("WEEK:2025-09-08")).hasSize(10);

    // input health: one record per date, the left-out day missing
    assertThat(health).hasSize(DAYS);
    for (int day = 0; day < DAYS; day++) {
      DigestHealth h = health.get(generator.date(day).toString());
      assertThat(h.getDigestDate()).isEqualTo(generator.date(day));
      if (day == LEFT_OUT) {
        assertThat(h.getMissing()).isTrue();
        assertThat(h.getFiles()).isZero();
        assertThat(h.getGapDaysBefore()).isZero();
        continue;
      }
      int listed = generator.parseDigest(day).size();
      assertThat(h.getMissing()).isFalse();
      assertThat(h.getGapDaysBefore()).isEqualTo(day == LEFT_OUT + 1 ? 1 : 0);
      if (day == 2) {
        assertThat(h.getFiles()).isEqualTo(2);
        assertThat(h.getPapers()).isEqualTo(2 * papersDay2);
        assertThat(h.getExactDuplicateFiles()).isEqualTo(1);
        assertThat(h.getNearDuplicateFiles()).isEqualTo(1);
        assertThat(h.getFileNames()).containsExactly(generator.fileName(day), "again.txt");
      } else {
        assertThat(h.getFiles()).isEqualTo(1);
        assertThat(h.getPapers()).isEqualTo(listed);
        assertThat(h.getExactDuplicateFiles()).isZero();
        assertThat(h.getNearDuplicateFiles()).isZero();
      }
    }
  }

  /** Distinct papers of the generated digests, without the left-out day's own. */
  private static int expectedPapers(DigestGenerator generator) throws IOException {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int day = 0; day < DAYS; day++) {
      if (day != LEFT_OUT) {
        generator.parseDigest(day).forEach(p -> ids.add(p.toEvent(Recount.INGESTED).getPaperId()));
      }
    }
    return ids.size();
  }

  static String entry(StayingPaper p) {
    return p.getRank()
        + " "
        + p.getPaperId()
        + " x"
        + p.getSightings()
        + " "
        + p.getFirstDigestDate()
        + ".."
        + p.getLastDigestDate()
        + " span "
        + p.getSpanDays();
  }
}
