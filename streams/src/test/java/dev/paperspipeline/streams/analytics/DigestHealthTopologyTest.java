package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DigestHealthTopologyTest {
  private static final Instant WALL = Instant.parse("2025-08-19T09:00:00Z");
  private static final LocalDate MON = LocalDate.of(2025, 8, 11);

  private WeeklyAnalyticsDriver t = new WeeklyAnalyticsDriver(WALL);

  @AfterEach
  void tearDown() {
    t.close();
  }

  static DigestFile file(
      String name, String sha, LocalDate date, String status, int rejected, String... ids) {
    return DigestFile.newBuilder()
        .setFileSha256(sha)
        .setFileName(name)
        .setDigestDate(date)
        .setDigestDateSource(date == null ? null : "DATE_LINE")
        .setStatus(status)
        .setPapers("DUPLICATE".equals(status) ? 0 : ids.length)
        .setRejected(rejected)
        .setPaperIds(List.of(ids))
        .setDuplicateOf("DUPLICATE".equals(status) ? "original.txt" : null)
        .setProcessedAt(WALL)
        .build();
  }

  private void pipe(DigestFile f) {
    t.files.pipeInput(f.getFileSha256(), f);
  }

  /** {@code <date> files/papers/rejected/exact/near missing gap names}. */
  private static String line(DigestHealth h) {
    return h.getDigestDate()
        + " "
        + h.getFiles()
        + "/"
        + h.getPapers()
        + "/"
        + h.getRejected()
        + "/"
        + h.getExactDuplicateFiles()
        + "/"
        + h.getNearDuplicateFiles()
        + (h.getMissing() ? " missing" : "")
        + " gap "
        + h.getGapDaysBefore()
        + " "
        + h.getFileNames();
  }

  private List<String> out() {
    return t.health.readKeyValuesToList().stream()
        .peek(kv -> assertThat(kv.key).isEqualTo(kv.value.getDigestDate().toString()))
        .map(kv -> line(kv.value))
        .toList();
  }

  @Test
  void shouldCountFilesPapersRejectedAndDuplicatesPerDate() {
    pipe(file("a.txt", "sa", MON, "DONE", 1, "p1", "p2", "p3", "p4", "p5"));
    pipe(file("copy-of-a.txt", "sa", MON, "DUPLICATE", 0));
    pipe(file("b.txt", "sb", MON, "DONE", 0, "p1", "p2", "p3", "p4", "p5", "p6", "p7"));
    // 7 of 7 already listed: a near duplicate (b.txt, 5 of 7, is not)
    pipe(file("c.txt", "sc", MON, "DONE", 0, "p7", "p6", "p5", "p4", "p3", "p2", "p1"));
    pipe(file("broken.bin", "sx", MON, "ERROR", 1));
    assertThat(out())
        .containsExactly(
            "2025-08-11 1/5/1/0/0 gap 0 [a.txt]",
            "2025-08-11 1/5/1/1/0 gap 0 [a.txt]",
            "2025-08-11 2/12/1/1/0 gap 0 [a.txt, b.txt]",
            "2025-08-11 3/19/1/1/1 gap 0 [a.txt, b.txt, c.txt]",
            "2025-08-11 4/19/2/1/1 gap 0 [a.txt, b.txt, c.txt, broken.bin]");
  }

  @Test
  void shouldCountARecordSeenAgainOnce() {
    DigestFile a = file("a.txt", "sa", MON, "DONE", 0, "p1");
    DigestFile dup = file("copy.txt", "sa", MON, "DUPLICATE", 0);
    pipe(a);
    pipe(dup);
    pipe(dup); // written again after a crash between its commit and the file's move
    pipe(a);
    assertThat(out())
        .containsExactly(
            "2025-08-11 1/1/0/0/0 gap 0 [a.txt]", "2025-08-11 1/1/0/1/0 gap 0 [a.txt]");
  }

  @Test
  void shouldShowAFileRejectedWholeAsRejectedOnTheDayItArrived() {
    // a UTF-16 file: rejected whole, so no entry gave it a digest date
    pipe(file("utf16.txt", "su", null, "ERROR", 1));
    List<DigestHealth> out = t.health.readValuesToList();
    assertThat(out).hasSize(1);
    DigestHealth h = out.get(0);
    assertThat(line(h)).isEqualTo("2025-08-19 1/0/1/0/0 gap 0 [utf16.txt]");
    assertThat(h.getRejectedFiles()).isEqualTo(1);
    assertThat(h.getMissing()).isFalse();
    // a DONE file without a date has nothing to show and no day to show it on
    pipe(file("no-date.txt", "sn", null, "DONE", 0, "p1"));
    assertThat(t.health.readValuesToList()).isEmpty();
    // a file rejected whole that has a date counts there, as rejected too
    pipe(file("broken.bin", "sx", MON, "ERROR", 1));
    assertThat(t.health.readValuesToList())
        .filteredOn(x -> x.getDigestDate().equals(MON))
        .singleElement()
        .satisfies(x -> assertThat(x.getRejectedFiles()).isEqualTo(1));
  }

  @Test
  void shouldEmitMissingDatesAndUpdateThemWhenADateArrivesLate() {
    pipe(file("mon.txt", "s1", MON, "DONE", 0, "p1"));
    pipe(file("thu.txt", "s4", MON.plusDays(3), "DONE", 0, "p4"));
    assertThat(out())
        .containsExactly(
            "2025-08-11 1/1/0/0/0 gap 0 [mon.txt]",
            "2025-08-12 0/0/0/0/0 missing gap 0 []",
            "2025-08-13 0/0/0/0/0 missing gap 1 []",
            "2025-08-14 1/1/0/0/0 gap 2 [thu.txt]");
    pipe(file("tue.txt", "s2", MON.plusDays(1), "DONE", 0, "p2"));
    assertThat(out())
        .containsExactly(
            "2025-08-12 1/1/0/0/0 gap 0 [tue.txt]",
            "2025-08-13 0/0/0/0/0 missing gap 0 []",
            "2025-08-14 1/1/0/0/0 gap 1 [thu.txt]");
    pipe(file("earlier.txt", "s0", MON.minusDays(2), "DONE", 0, "p0"));
    assertThat(out())
        .containsExactly(
            "2025-08-09 1/1/0/0/0 gap 0 [earlier.txt]",
            "2025-08-10 0/0/0/0/0 missing gap 0 []",
            "2025-08-11 1/1/0/0/0 gap 1 [mon.txt]");
  }

  @Test
  void shouldLeaveWeekendsOutOfTheGapsWhenAsked() {
    t.close();
    t =
        new WeeklyAnalyticsDriver(
            WALL,
            new TrendsOptions(Duration.ofDays(1), 10, WeeklyAnalyticsDriver.CLOSE_CHECK),
            new DigestHealthOptions(false, 0.9, 366));
    pipe(file("thu.txt", "s1", MON.plusDays(3), "DONE", 0, "p1"));
    pipe(file("next-tue.txt", "s2", MON.plusDays(8), "DONE", 0, "p2"));
    assertThat(out())
        .containsExactly(
            "2025-08-14 1/1/0/0/0 gap 0 [thu.txt]",
            "2025-08-15 0/0/0/0/0 missing gap 0 []",
            "2025-08-18 0/0/0/0/0 missing gap 1 []",
            "2025-08-19 1/1/0/0/0 gap 2 [next-tue.txt]");
  }

  @Test
  void shouldCapTheMissingDatesEmittedForOneGap() {
    t.close();
    t =
        new WeeklyAnalyticsDriver(
            WALL,
            new TrendsOptions(Duration.ofDays(1), 10, WeeklyAnalyticsDriver.CLOSE_CHECK),
            new DigestHealthOptions(true, 0.9, 2));
    pipe(file("a.txt", "s1", MON, "DONE", 0, "p1"));
    pipe(file("b.txt", "s2", MON.plusDays(10), "DONE", 0, "p2"));
    assertThat(out())
        .containsExactly(
            "2025-08-11 1/1/0/0/0 gap 0 [a.txt]",
            "2025-08-12 0/0/0/0/0 missing gap 0 []",
            "2025-08-13 0/0/0/0/0 missing gap 1 []",
            "2025-08-21 1/1/0/0/0 gap 9 [b.txt]");
  }
}
