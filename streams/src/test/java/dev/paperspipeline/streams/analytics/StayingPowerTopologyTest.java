package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StayingPowerTopologyTest {
  private static final Instant WALL = Instant.parse("2025-08-19T09:00:00Z");
  private static final LocalDate MON = LocalDate.of(2025, 8, 11);
  private static final String WEEK_1 = "WEEK:2025-08-11";
  private static final String WEEK_2 = "WEEK:2025-08-18";

  private WeeklyAnalyticsDriver t;
  private final Map<String, PaperSighting> papers = new HashMap<>();

  @BeforeEach
  void setUp() {
    t = new WeeklyAnalyticsDriver(WALL);
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** One more sighting of a paper on a digest date, as dedupe publishes it on paper-sightings. */
  private void sight(String id, LocalDate date) {
    PaperSighting previous = papers.get(id);
    PaperSighting next =
        previous == null
            ? PaperSighting.newBuilder()
                .setPaperId(id)
                .setTitle("Title " + id)
                .setFirstDigestDate(date)
                .setLastDigestDate(date)
                .setSightings(1)
                .setFirstLineage(new Lineage("d.txt", "0".repeat(64), 1, 1))
                .setFirstSeenAt(WALL)
                .setLastSeenAt(WALL)
                .build()
            : PaperSighting.newBuilder(previous)
                .setSightings(previous.getSightings() + 1)
                .setFirstDigestDate(min(previous.getFirstDigestDate(), date))
                .setLastDigestDate(max(previous.getLastDigestDate(), date))
                .build();
    papers.put(id, next);
    t.sightings.pipeInput(id, next);
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static String entry(StayingPaper p) {
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

  private static List<String> entries(StayingPower p) {
    return p.getEntries().stream().map(StayingPowerTopologyTest::entry).toList();
  }

  private void pipeTwoWeeks() {
    sight("a", MON);
    sight("b", MON.plusDays(1));
    sight("a", MON.plusDays(2));
    sight("c", MON.plusDays(2));
    sight("b", MON.plusDays(1)); // listed twice on one day: sightings 2, span 0
    sight("d", MON.plusDays(3));
    sight("d", MON.plusDays(6));
    sight("a", MON.plusDays(7));
  }

  @Test
  void shouldRankPapersSeenInEachWeekBySightingsUpToItsEndThenSpan() {
    pipeTwoWeeks();
    t.emit();
    Map<String, StayingPower> out = t.staying.readKeyValuesToMap();
    assertThat(out).containsOnlyKeys(WEEK_1, WEEK_2);
    assertThat(entries(out.get(WEEK_1)))
        .containsExactly(
            "1 d x2 2025-08-14..2025-08-17 span 3",
            "2 a x2 2025-08-11..2025-08-13 span 2",
            "3 b x2 2025-08-12..2025-08-12 span 0");
    assertThat(entries(out.get(WEEK_2))).containsExactly("1 a x3 2025-08-11..2025-08-18 span 7");
    StayingPower week1 = out.get(WEEK_1);
    assertThat(week1.getWindow()).isEqualTo("WEEK");
    assertThat(week1.getWindowStart()).isEqualTo(Instant.parse("2025-08-11T00:00:00Z"));
    assertThat(week1.getWindowEnd()).isEqualTo(Instant.parse("2025-08-18T00:00:00Z"));
    assertThat(week1.getFinal$()).isFalse();
    assertThat(week1.getRevision()).isZero();
  }

  @Test
  void shouldEmitNothingWhenTheSameRecordComesAgain() {
    pipeTwoWeeks();
    t.emit();
    t.staying.readKeyValuesToList();
    t.sightings.pipeInput("a", papers.get("a"));
    t.emit();
    assertThat(t.staying.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldCloseAWeekOnceAndReviseItWhenALateSightingChangesItsRanking() {
    pipeTwoWeeks();
    t.emit();
    t.staying.readKeyValuesToList();
    // clock at Mon 18th + wall time; week 1 closes at Tue 19th (end + a day of grace)
    t.advance(Duration.ofDays(1));
    List<KeyValue<String, StayingPower>> closed = t.staying.readKeyValuesToList();
    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).key).isEqualTo(WEEK_1);
    assertThat(closed.get(0).value.getFinal$()).isTrue();
    assertThat(closed.get(0).value.getRevision()).isZero();
    assertThat(entries(closed.get(0).value)).hasSize(3);

    sight("c", MON.plusDays(4)); // c: 13th and 15th
    t.emit();
    Map<String, StayingPower> revised = t.staying.readKeyValuesToMap();
    assertThat(revised).containsOnlyKeys(WEEK_1);
    assertThat(revised.get(WEEK_1).getFinal$()).isTrue();
    assertThat(revised.get(WEEK_1).getRevision()).isEqualTo(1);
    assertThat(entries(revised.get(WEEK_1)))
        .containsExactly(
            "1 d x2 2025-08-14..2025-08-17 span 3",
            "2 a x2 2025-08-11..2025-08-13 span 2",
            "3 c x2 2025-08-13..2025-08-15 span 2",
            "4 b x2 2025-08-12..2025-08-12 span 0");

    sight("e", MON.plusDays(5)); // seen once: no change to the ranking, no revision
    t.emit();
    assertThat(t.staying.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldKeepOnlyTheTopN() {
    t.close();
    t =
        new WeeklyAnalyticsDriver(
            WALL,
            new dev.paperspipeline.streams.trends.TrendsOptions(
                Duration.ofDays(1), 2, WeeklyAnalyticsDriver.CLOSE_CHECK),
            DigestHealthOptions.defaults());
    pipeTwoWeeks();
    t.emit();
    assertThat(entries(t.staying.readKeyValuesToMap().get(WEEK_1)))
        .containsExactly(
            "1 d x2 2025-08-14..2025-08-17 span 3", "2 a x2 2025-08-11..2025-08-13 span 2");
  }
}
