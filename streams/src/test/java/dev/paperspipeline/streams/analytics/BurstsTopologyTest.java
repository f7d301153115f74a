package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.TopicBurst;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BurstsTopologyTest {
  private static final Instant WALL_START = Instant.parse("2025-08-12T09:00:00Z");
  private static final LocalDate MON = LocalDate.of(2025, 8, 11);

  private AnalyticsDriver d;

  @BeforeEach
  void setUp() {
    d =
        new AnalyticsDriver(
            "bursts-test",
            AnalyticsOptions.defaults().withCloseCheckInterval(Duration.ofMinutes(1)),
            WALL_START);
  }

  @AfterEach
  void tearDown() {
    d.close();
  }

  /** P(X ≥ k) for Poisson(lambda), summed directly. */
  private static double poissonTail(int k, double lambda) {
    double term = Math.exp(-lambda);
    double cdf = 0;
    for (int i = 0; i < k; i++) {
      cdf += term;
      term *= lambda / (i + 1);
    }
    return 1 - cdf;
  }

  /** Two papers a day on llm and on vision for the 14 days before Monday, then 12 llm on it. */
  private void history() {
    for (int day = 14; day >= 1; day--) {
      LocalDate date = MON.minusDays(day);
      for (int i = 0; i < 2; i++) {
        d.paper("llm-" + date + "-" + i, date, List.of("llm"), List.of());
        d.paper("vision-" + date + "-" + i, date, List.of("vision"), List.of());
      }
    }
  }

  private void burstOnMonday(int papers) {
    for (int i = 0; i < papers; i++) {
      d.paper("llm-burst-" + i, MON, List.of("llm"), List.of());
    }
    d.paper("vision-mon-0", MON, List.of("vision"), List.of());
    d.paper("vision-mon-1", MON, List.of("vision"), List.of());
  }

  private static Map<String, TopicBurst> latest(List<KeyValue<String, TopicBurst>> out) {
    return out.stream()
        .collect(
            Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b, java.util.TreeMap::new));
  }

  @Test
  void shouldEmitTheBurstOfATopicAgainstItsOwnBaselineWithItsPapersAndNotTheSteadyTopic() {
    history();
    d.sightings("llm-burst-7", 4);
    d.sightings("llm-burst-3", 2);
    burstOnMonday(12);
    d.emit();

    Map<String, TopicBurst> out = latest(d.bursts.readKeyValuesToList());
    assertThat(out.keySet())
        .containsExactly("TOPIC:llm@DAY:2025-08-11", "TOPIC:llm@WEEK:2025-08-11");
    TopicBurst day = out.get("TOPIC:llm@DAY:2025-08-11");
    assertThat(day.getCount()).isEqualTo(12);
    assertThat(day.getBaselineWindows()).isEqualTo(14);
    assertThat(day.getBaselineMean()).isEqualTo(2.0);
    assertThat(day.getPValue()).isCloseTo(poissonTail(12, 2.0), within(1e-12));
    assertThat(day.getScore()).isCloseTo(-Math.log10(poissonTail(12, 2.0)), within(1e-6));
    assertThat(day.getFinal$()).isFalse();
    assertThat(day.getPartial()).isFalse();
    assertThat(day.getWindowStart()).isEqualTo(Instant.parse("2025-08-11T00:00:00Z"));
    assertThat(day.getWindowEnd()).isEqualTo(Instant.parse("2025-08-12T00:00:00Z"));
    assertThat(day.getPapers())
        .extracting(PaperRef::getPaperId)
        .containsExactly(
            "llm-burst-7", "llm-burst-3", "llm-burst-0", "llm-burst-1", "llm-burst-10");
    assertThat(day.getPapers().get(0).getSightings()).isEqualTo(4);
    assertThat(day.getPapers().get(0).getTitle()).isEqualTo("Title llm-burst-7");

    // the week has one day by the clock: compared Monday against the previous Mondays with data
    TopicBurst week = out.get("TOPIC:llm@WEEK:2025-08-11");
    assertThat(week.getPartial()).isTrue();
    assertThat(week.getCount()).isEqualTo(12);
    assertThat(week.getBaselineWindows()).isEqualTo(2);
    assertThat(week.getBaselineMean()).isEqualTo(2.0);
  }

  @Test
  void shouldEmitNothingForASteadyTopic() {
    history();
    d.paper("llm-mon-0", MON, List.of("llm"), List.of());
    d.paper("llm-mon-1", MON, List.of("llm"), List.of());
    d.paper("llm-mon-2", MON, List.of("llm"), List.of());
    d.emit();
    assertThat(d.bursts.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldNotScoreWithoutHistory() {
    for (int i = 0; i < 20; i++) {
      d.paper("p" + i, MON, List.of("llm"), List.of("sparse attention"));
    }
    d.emit();
    assertThat(d.bursts.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldMarkTheBurstFinalWhenItsWindowClosesAndReviseItForALatePaper() {
    history();
    burstOnMonday(12);
    d.emit();
    d.bursts.readKeyValuesToList();

    // the clock runs on with the wall clock: Monday's end + a day of grace passes
    d.driver.advanceWallClockTime(Duration.ofDays(2));
    Map<String, TopicBurst> closed = latest(d.bursts.readKeyValuesToList());
    TopicBurst day = closed.get("TOPIC:llm@DAY:2025-08-11");
    assertThat(day.getFinal$()).isTrue();
    assertThat(day.getRevision()).isZero();
    assertThat(day.getCount()).isEqualTo(12);

    d.paper("llm-late", MON, List.of("llm"), List.of());
    d.paper("llm-late", MON, List.of("llm"), List.of()); // a replay counts once
    d.emit();
    Map<String, TopicBurst> revised = latest(d.bursts.readKeyValuesToList());
    TopicBurst late = revised.get("TOPIC:llm@DAY:2025-08-11");
    assertThat(late.getFinal$()).isTrue();
    assertThat(late.getRevision()).isEqualTo(1);
    assertThat(late.getCount()).isEqualTo(13);
  }

  @Test
  void shouldScoreKeyphrasesAsTopics() {
    for (int day = 7; day >= 1; day--) {
      LocalDate date = MON.minusDays(day);
      d.paper("a-" + day, date, List.of("other"), List.of("sparse attention"));
    }
    for (int i = 0; i < 6; i++) {
      d.paper("b-" + i, MON, List.of("other"), List.of("sparse attention"));
    }
    d.emit();
    Map<String, TopicBurst> out = latest(d.bursts.readKeyValuesToList());
    TopicBurst burst = out.get("KEYPHRASE:sparse attention@DAY:2025-08-11");
    assertThat(burst.getKind()).isEqualTo("KEYPHRASE");
    assertThat(burst.getCount()).isEqualTo(6);
    assertThat(burst.getBaselineWindows()).isEqualTo(7);
    assertThat(burst.getBaselineMean()).isEqualTo(1.0);
  }

  @Test
  void shouldReviseABurstDownWhenItsPapersMoveToAnEarlierDayAndCountThemThere() {
    history();
    burstOnMonday(12);
    d.emit();
    assertThat(latest(d.bursts.readKeyValuesToList())).containsKey("TOPIC:llm@DAY:2025-08-11");

    // papers-enriched's revisions: ten of Monday's llm papers were in Friday's digest, read late
    LocalDate friday = MON.minusDays(3);
    for (int i = 0; i < 10; i++) {
      d.paper("llm-burst-" + i, friday, List.of("llm"), List.of());
    }
    d.emit();
    Map<String, TopicBurst> out = latest(d.bursts.readKeyValuesToList());
    // down on Monday: 2 papers, below the minimum count, so re-emitted as no longer a burst
    TopicBurst monday = out.get("TOPIC:llm@DAY:2025-08-11");
    assertThat(monday.getCount()).isEqualTo(2);
    assertThat(monday.getScore()).isLessThan(3.0);
    // up on Friday: 12 papers against 2 a day
    TopicBurst fri = out.get("TOPIC:llm@DAY:2025-08-08");
    assertThat(fri.getCount()).isEqualTo(12);
    assertThat(fri.getScore()).isGreaterThan(3.0);
  }
}
