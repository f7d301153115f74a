package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrendsTopologyTest {
  private static final Instant WALL_START = Instant.parse("2025-08-12T09:00:00Z");
  private static final LocalDate TUE = LocalDate.of(2025, 8, 12);

  private TopologyTestDriver driver;
  private TestInputTopic<String, EnrichedPaper> enriched;
  private TestOutputTopic<String, TopicTrend> trends;
  private TestOutputTopic<String, TrendingTopics> trending;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void setUp() {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://trends-test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trends-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put("schema.registry.url", "mock://trends-test");
    TrendsOptions options = new TrendsOptions(Duration.ofDays(1), 2, Duration.ofMinutes(1));
    driver =
        new TopologyTestDriver(
            TrendsTopology.build(
                options, serdes.enrichedPaper(), serdes.topicTrend(), serdes.trendingTopics()),
            props,
            WALL_START);
    enriched =
        driver.createInputTopic(
            Topics.PAPERS_ENRICHED,
            Serdes.String().serializer(),
            serdes.enrichedPaper().serializer());
    trends =
        driver.createOutputTopic(
            Topics.TOPIC_TRENDS,
            Serdes.String().deserializer(),
            serdes.topicTrend().deserializer());
    trending =
        driver.createOutputTopic(
            Topics.TRENDING_TOPICS,
            Serdes.String().deserializer(),
            serdes.trendingTopics().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, Serdes.String().deserializer(), serdes.deadLetter().deserializer());
  }

  /** Lets the emission punctuation (every commit.interval.ms) run. */
  private void emit() {
    driver.advanceWallClockTime(Duration.ofMillis(100));
  }

  private double metric(String name) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void paper(String id, LocalDate date, List<String> topics, List<String> keyphrases) {
    enriched.pipeInput(id, Papers.enriched(id, date, topics, keyphrases), WALL_START);
  }

  private static <V> V last(List<KeyValue<String, V>> out, String key) {
    return out.stream()
        .filter(kv -> kv.key.equals(key))
        .reduce((a, b) -> b)
        .map(kv -> kv.value)
        .orElseThrow();
  }

  private static long count(List<KeyValue<String, TopicTrend>> out, String key) {
    return out.stream()
        .filter(kv -> kv.key.equals(key))
        .reduce((a, b) -> b)
        .map(kv -> kv.value.getCount())
        .orElse(-1L);
  }

  @Test
  void shouldEmitTheLatestCountOfEveryChangedTrendOncePerInterval() {
    paper("p1", TUE, List.of("llm", "agents"), List.of("tool use"));
    paper("p2", TUE, List.of("llm"), List.of());
    assertThat(trends.isEmpty()).isTrue(); // nothing before the emission punctuation
    emit();

    List<KeyValue<String, TopicTrend>> out = trends.readKeyValuesToList();
    assertThat(out)
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(
            "TOPIC:llm@DAY:2025-08-12",
            "TOPIC:agents@DAY:2025-08-12",
            "TOPIC:llm@WEEK:2025-08-11",
            "TOPIC:agents@WEEK:2025-08-11",
            "KEYPHRASE:tool use@DAY:2025-08-12",
            "KEYPHRASE:tool use@WEEK:2025-08-11",
            "TOPIC:llm@MONTH:2025-08-01",
            "TOPIC:agents@MONTH:2025-08-01",
            "KEYPHRASE:tool use@MONTH:2025-08-01");
    assertThat(count(out, "TOPIC:llm@DAY:2025-08-12")).isEqualTo(2);
    assertThat(count(out, "TOPIC:agents@WEEK:2025-08-11")).isEqualTo(1);
    assertThat(out).noneMatch(kv -> kv.value.getFinal$());
    // the clock is on Tuesday 08-12: that day's digest is in (not partial), the week still has days
    // to come (partial)
    assertThat(out).allMatch(kv -> kv.value.getRevision() == 0);
    assertThat(out)
        .allMatch(
            kv -> kv.value.getPartial() != kv.value.getWindow().equals(TrendWindow.DAY.name()));
    TopicTrend week = last(out, "TOPIC:llm@WEEK:2025-08-11");
    assertThat(week.getWindowStart()).isEqualTo(Instant.parse("2025-08-11T00:00:00Z"));
    assertThat(week.getWindowEnd()).isEqualTo(Instant.parse("2025-08-18T00:00:00Z"));

    KeyValueStore<String, TopicTrend> counts = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    assertThat(counts.get("TOPIC:llm@DAY:2025-08-12").getCount()).isEqualTo(2);
    KeyValueStore<String, WindowMember> members = driver.getKeyValueStore(StoreNames.TREND_MEMBERS);
    List<String> papers = new ArrayList<>();
    String prefix = "TOPIC@DAY:2025-08-12|";
    members
        .prefixScan(prefix, Serdes.String().serializer())
        .forEachRemaining(
            kv -> {
              if (TrendKeys.memberNames(kv.value).contains("llm")) {
                papers.add(TrendKeys.memberTitle(kv.value));
              }
            });
    assertThat(papers).containsExactly("Title p1", "Title p2");
    assertThat(TrendKeys.memberNames(members.get("TOPIC@DAY:2025-08-12|p1")))
        .containsExactlyInAnyOrder("llm", "agents");
  }

  @Test
  void shouldFallBackToTheRecordTimestampWhenTheDigestDateIsUnknown() {
    enriched.pipeInput(
        "p1",
        Papers.enriched("p1", null, List.of("llm"), List.of()),
        Instant.parse("2025-08-13T05:00:00Z"));
    emit();

    assertThat(trends.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly(
            "TOPIC:llm@DAY:2025-08-13", "TOPIC:llm@WEEK:2025-08-11", "TOPIC:llm@MONTH:2025-08-01");
  }

  @Test
  void shouldNotCountTheSamePaperTwice() {
    paper("p1", TUE, List.of("llm"), List.of());
    emit();
    trends.readKeyValuesToList();

    paper("p1", TUE, List.of("llm"), List.of());
    emit();

    assertThat(trends.isEmpty()).isTrue();
    assertThat(trending.readValuesToList())
        .isNotEmpty()
        .allMatch(t -> t.getEntries().get(0).getCount() == 1);
  }

  @Test
  void shouldEmitFinalResultsWhenTheWindowClosesWithoutNewInput() {
    paper("p1", TUE, List.of("llm"), List.of());
    emit();
    trends.readKeyValuesToList();
    trending.readKeyValuesToList();

    // window [08-12, 08-13) + 1 day grace: still open one day after the digest came in
    driver.advanceWallClockTime(Duration.ofDays(1));
    assertThat(trends.isEmpty()).isTrue();

    driver.advanceWallClockTime(Duration.ofDays(1));
    List<KeyValue<String, TopicTrend>> finals = trends.readKeyValuesToList();
    assertThat(finals).hasSize(1);
    assertThat(finals.get(0).key).isEqualTo("TOPIC:llm@DAY:2025-08-12");
    assertThat(finals.get(0).value.getFinal$()).isTrue();
    assertThat(finals.get(0).value.getCount()).isEqualTo(1);
    assertThat(finals.get(0).value.getRevision()).isZero();
    assertThat(finals.get(0).value.getPartial()).isFalse();
    List<KeyValue<String, TrendingTopics>> top = trending.readKeyValuesToList();
    assertThat(top).hasSize(1);
    assertThat(top.get(0).key).isEqualTo("TOPIC@DAY:2025-08-12");
    assertThat(top.get(0).value.getFinal$()).isTrue();

    // the week closes at 08-18 + 1 day grace
    driver.advanceWallClockTime(Duration.ofDays(5));
    assertThat(trends.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("TOPIC:llm@WEEK:2025-08-11");
    assertThat(trending.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactly("TOPIC@WEEK:2025-08-11");
  }

  @Test
  void shouldNotCloseWindowsEarlyWhenReplayingOldDigestsQuickly() {
    paper("p1", LocalDate.of(2024, 1, 1), List.of("llm"), List.of());
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    paper("p2", LocalDate.of(2024, 1, 1), List.of("llm"), List.of());
    emit();

    assertThat(trends.readValuesToList()).noneMatch(TopicTrend::getFinal$);
  }

  @Test
  void shouldReviseAClosedWindowWithALatePaperAndCountIt() {
    paper("p1", TUE, List.of("llm"), List.of());
    driver.advanceWallClockTime(Duration.ofDays(2));
    trends.readKeyValuesToList();
    trending.readKeyValuesToList();

    paper("late", TUE, List.of("llm"), List.of());
    paper("later", TUE, List.of("llm"), List.of());
    emit();

    List<KeyValue<String, TopicTrend>> out = trends.readKeyValuesToList();
    // the day window had closed: revised once for both papers; the week and month are still open
    assertThat(out)
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(
            "TOPIC:llm@DAY:2025-08-12", "TOPIC:llm@WEEK:2025-08-11", "TOPIC:llm@MONTH:2025-08-01");
    TopicTrend day = last(out, "TOPIC:llm@DAY:2025-08-12");
    assertThat(day.getCount()).isEqualTo(3);
    assertThat(day.getFinal$()).isTrue();
    assertThat(day.getRevision()).isEqualTo(1);
    TopicTrend week = last(out, "TOPIC:llm@WEEK:2025-08-11");
    assertThat(week.getCount()).isEqualTo(3);
    assertThat(week.getFinal$()).isFalse();
    assertThat(week.getRevision()).isZero();
    TrendingTopics ranking = last(trending.readKeyValuesToList(), "TOPIC@DAY:2025-08-12");
    assertThat(ranking.getRevision()).isEqualTo(1);
    assertThat(ranking.getFinal$()).isTrue();
    assertThat(ranking.getEntries().get(0).getCount()).isEqualTo(3);

    paper("latest", TUE, List.of("llm"), List.of());
    emit();
    assertThat(last(trends.readKeyValuesToList(), "TOPIC:llm@DAY:2025-08-12").getRevision())
        .isEqualTo(2);
    KeyValueStore<String, TopicTrend> counts = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    assertThat(counts.get("TOPIC:llm@DAY:2025-08-12").getCount()).isEqualTo(4);
    assertThat(metric("revised-late-records-total")).isEqualTo(3.0);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAFarFutureDigestWithoutMovingTheClock() {
    paper("future", LocalDate.of(2999, 1, 1), List.of("llm"), List.of());
    paper("p1", TUE, List.of("llm"), List.of());
    emit();

    List<DeadLetter> letters = deadLetters.readValuesToList();
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).getReason()).contains("2999-01-01").contains("ahead of the wall");
    assertThat(letters.get(0).getSourceTopic()).isEqualTo(Topics.PAPERS_ENRICHED);
    assertThat(metric("dropped-future-records-total")).isEqualTo(1.0);
    assertThat(trends.readKeyValuesToList())
        .extracting(kv -> kv.key)
        .containsExactlyInAnyOrder(
            "TOPIC:llm@DAY:2025-08-12", "TOPIC:llm@WEEK:2025-08-11", "TOPIC:llm@MONTH:2025-08-01");
    // the clock stayed near the wall clock: today's window is open, nothing closed
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(trends.readValuesToList()).noneMatch(TopicTrend::getFinal$);
    assertThat(driver.getKeyValueStore(StoreNames.TRENDING).get("TOPIC@DAY:2999-01-01")).isNull();
  }

  @Test
  void shouldDeadLetterAPaperOlderThanTheRetention() {
    paper("ancient", LocalDate.of(2020, 3, 2), List.of("llm"), List.of());
    emit();

    assertThat(deadLetters.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("older than the retention P1095D"));
    assertThat(metric("dropped-expired-records-total")).isEqualTo(1.0);
    assertThat(trends.isEmpty()).isTrue();
  }

  @Test
  void shouldCompareAPartialWeekWithTheSameElapsedDaysOfThePreviousWeek() {
    LocalDate prevMon = LocalDate.of(2025, 8, 4);
    paper("a", prevMon, List.of("llm"), List.of());
    paper("b", prevMon.plusDays(4), List.of("llm"), List.of()); // Friday: not comparable yet
    paper("c", LocalDate.of(2025, 8, 11), List.of("llm"), List.of()); // Monday
    paper("d", TUE, List.of("llm"), List.of());
    emit();

    TrendingTopics week = last(trending.readKeyValuesToList(), "TOPIC@WEEK:2025-08-11");
    assertThat(week.getPartial()).isTrue();
    // Mon-Tue against Mon-Tue: 2 against 1
    assertThat(week.getEntries().get(0).getCount()).isEqualTo(2);
    assertThat(week.getEntries().get(0).getPreviousCount()).isEqualTo(1);
    assertThat(week.getEntries().get(0).getGrowth()).isEqualTo(1.0);

    driver.advanceWallClockTime(Duration.ofDays(7)); // the week ends and closes
    TrendingTopics closed = last(trending.readKeyValuesToList(), "TOPIC@WEEK:2025-08-11");
    assertThat(closed.getPartial()).isFalse();
    assertThat(closed.getFinal$()).isTrue();
    assertThat(closed.getEntries().get(0).getPreviousCount()).isEqualTo(2); // the whole week
  }

  @Test
  void shouldRankTheTopNWithGrowthAgainstThePreviousWindow() {
    LocalDate week1 = LocalDate.of(2025, 8, 5);
    paper("a", week1, List.of("llm"), List.of());
    paper("b", week1, List.of("llm"), List.of());
    paper("c", week1, List.of("agents"), List.of());
    LocalDate week2 = LocalDate.of(2025, 8, 12);
    paper("d", week2, List.of("llm", "agents"), List.of());
    paper("e", week2, List.of("agents"), List.of());
    paper("f", week2.plusDays(1), List.of("agents"), List.of());
    paper("g", week2.plusDays(1), List.of("code"), List.of());
    emit();

    TrendingTopics latest =
        trending.readKeyValuesToList().stream()
            .filter(kv -> kv.key.equals("TOPIC@WEEK:2025-08-11"))
            .reduce((x, y) -> y)
            .orElseThrow()
            .value;
    assertThat(latest.getEntries())
        .extracting(
            TrendEntry::getRank,
            TrendEntry::getName,
            TrendEntry::getCount,
            TrendEntry::getPreviousCount,
            TrendEntry::getGrowth)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "agents", 3L, 1L, 2.0),
            org.assertj.core.groups.Tuple.tuple(2, "code", 1L, 0L, null));
    assertThat(latest.getFinal$()).isFalse();
    assertThat(latest.getPartial()).isTrue();
    KeyValueStore<String, TrendingTopics> store = driver.getKeyValueStore(StoreNames.TRENDING);
    assertThat(store.get("TOPIC@WEEK:2025-08-11")).isEqualTo(latest);

    driver.advanceWallClockTime(Duration.ofDays(7));
    TrendingTopics closed =
        trending.readKeyValuesToList().stream()
            .filter(kv -> kv.key.equals("TOPIC@WEEK:2025-08-11"))
            .reduce((x, y) -> y)
            .orElseThrow()
            .value;
    assertThat(closed.getFinal$()).isTrue();
    assertThat(closed.getPartial()).isFalse();
    assertThat(closed.getEntries()).isEqualTo(latest.getEntries());
  }

  @Test
  void shouldStampUpdatesWithTheInputTimeAndFinalsWithTheClosingTimeNeverTheDigestDate() {
    LocalDate old = LocalDate.of(2024, 3, 4);
    paper("p1", old, List.of("llm"), List.of());
    emit();

    assertThat(trends.readRecordsToList())
        .isNotEmpty()
        .allMatch(r -> r.getRecordTime().equals(WALL_START));

    // without new input, day and week close after their end + 1 day grace, by the wall clock
    driver.advanceWallClockTime(Duration.ofDays(9));
    List<org.apache.kafka.streams.test.TestRecord<String, TopicTrend>> finals =
        trends.readRecordsToList();
    assertThat(finals).hasSize(2).allMatch(r -> r.getValue().getFinal$());
    assertThat(finals)
        .allMatch(
            r -> r.getRecordTime().equals(WALL_START.plus(Duration.ofDays(9)).plusMillis(100)));
  }

  @Test
  void shouldWriteAndEmitAtOnceWhenMoreChangesWaitThanTheLimit() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= TrendsProcessor.MAX_PENDING / 2; i++) {
      many.add("phrase " + i);
    }
    paper("p1", TUE, List.of(), many);
    paper("p2", TUE, List.of(), List.of("phrase 0"));
    emit();

    List<KeyValue<String, TopicTrend>> out = trends.readKeyValuesToList();
    // every name in each of its windows, then the second paper's update
    assertThat(out).hasSize(TrendWindow.values().length * (many.size() + 1));
    assertThat(count(out, "KEYPHRASE:phrase 0@DAY:2025-08-12")).isEqualTo(2);
    assertThat(count(out, "KEYPHRASE:phrase 5000@WEEK:2025-08-11")).isEqualTo(1);
    KeyValueStore<String, TopicTrend> counts = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    assertThat(counts.get("KEYPHRASE:phrase 10000@DAY:2025-08-12").getCount()).isEqualTo(1);
  }

  @Test
  void shouldMoveAPaperReadAgainWithAnEarlierDateDownInTheLaterWindowsAndUpInTheEarlierOnes() {
    LocalDate lastWeekFri = TUE.minusDays(4);
    paper("p1", TUE, List.of("llm"), List.of("scaling law"));
    paper("p2", TUE, List.of("llm", "vision"), List.of("scaling law"));
    paper("p3", TUE, List.of("vision"), List.of());
    emit();
    List<KeyValue<String, TopicTrend>> before = trends.readKeyValuesToList();
    assertThat(count(before, "TOPIC:llm@DAY:2025-08-12")).isEqualTo(2);
    assertThat(count(before, "TOPIC:llm@WEEK:2025-08-11")).isEqualTo(2);
    trending.readKeyValuesToList();

    // papers-unique's revision: p1 was listed in an earlier digest, read late
    paper("p1", lastWeekFri, List.of("llm"), List.of("scaling law"));
    emit();
    List<KeyValue<String, TopicTrend>> moved = trends.readKeyValuesToList();
    // down in the later day and week
    assertThat(count(moved, "TOPIC:llm@DAY:2025-08-12")).isEqualTo(1);
    assertThat(count(moved, "TOPIC:llm@WEEK:2025-08-11")).isEqualTo(1);
    assertThat(count(moved, "KEYPHRASE:scaling law@DAY:2025-08-12")).isEqualTo(1);
    // up in the earlier day and week
    assertThat(count(moved, "TOPIC:llm@DAY:2025-08-08")).isEqualTo(1);
    assertThat(count(moved, "TOPIC:llm@WEEK:2025-08-04")).isEqualTo(1);
    assertThat(count(moved, "KEYPHRASE:scaling law@WEEK:2025-08-04")).isEqualTo(1);
    // vision was not p1's: untouched
    assertThat(count(moved, "TOPIC:vision@DAY:2025-08-12")).isEqualTo(-1);
    // the later day's and week's rankings lost p1 (top 2: vision 2, llm 1); the week is partial
    // (clock on Tuesday), so compared with Monday-Tuesday of the week before, not p1's Friday
    List<KeyValue<String, TrendingTopics>> rankings = trending.readKeyValuesToList();
    List<TrendEntry> day = last(rankings, "TOPIC@DAY:2025-08-12").getEntries();
    assertThat(day).extracting(TrendEntry::getName).containsExactly("vision", "llm");
    assertThat(day).extracting(TrendEntry::getCount).containsExactly(2L, 1L);
    List<TrendEntry> week = last(rankings, "TOPIC@WEEK:2025-08-11").getEntries();
    assertThat(week)
        .extracting(e -> e.getName() + " " + e.getCount() + " " + e.getPreviousCount())
        .containsExactly("vision 2 0", "llm 1 0");

    // a later sighting changes nothing
    paper("p1", TUE.plusDays(1), List.of("llm"), List.of("scaling law"));
    emit();
    assertThat(trends.readKeyValuesToList()).isEmpty();
    assertThat(metric("moved-earlier-records-total")).isEqualTo(1.0);
  }

  @Test
  void shouldEmitACountOfZeroWhenTheOnlyPaperOfANameMovesOutOfAClosedWindowAndReviseIt() {
    paper("p1", TUE, List.of("robotics"), List.of());
    emit();
    driver.advanceWallClockTime(Duration.ofDays(2)); // the day closes
    trends.readKeyValuesToList();

    paper("p1", TUE.minusDays(1), List.of("robotics"), List.of());
    emit();
    List<KeyValue<String, TopicTrend>> out = trends.readKeyValuesToList();
    TopicTrend gone = last(out, "TOPIC:robotics@DAY:2025-08-12");
    assertThat(gone.getCount()).isZero();
    assertThat(gone.getFinal$()).isTrue();
    assertThat(gone.getRevision()).isEqualTo(1);
    assertThat(count(out, "TOPIC:robotics@DAY:2025-08-11")).isEqualTo(1);
    KeyValueStore<String, TopicTrend> store = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    assertThat(store.get("TOPIC:robotics@DAY:2025-08-12")).isNull();
  }
}
