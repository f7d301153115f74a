package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MONTH windows end to end through the trends topology: calendar months, UTC. */
class TrendsMonthTopologyTest {
  private static final Instant WALL_START = Instant.parse("2025-02-28T09:00:00Z");

  private TopologyTestDriver driver;
  private TestInputTopic<String, EnrichedPaper> enriched;
  private TestOutputTopic<String, TopicTrend> trends;
  private TestOutputTopic<String, TrendingTopics> trending;

  @BeforeEach
  void setUp() {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://trends-month-test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trends-month-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        System.getProperty("java.io.tmpdir") + "/kafka-streams-month");
    props.put("schema.registry.url", "mock://trends-month-test");
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
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void paper(String id, String date, String topic) {
    enriched.pipeInput(
        id, Papers.enriched(id, LocalDate.parse(date), List.of(topic), List.of()), WALL_START);
  }

  private void emit() {
    driver.advanceWallClockTime(Duration.ofMillis(100));
  }

  private static <V> V last(List<KeyValue<String, V>> out, String key) {
    return out.stream()
        .filter(kv -> kv.key.equals(key))
        .reduce((a, b) -> b)
        .map(kv -> kv.value)
        .orElseThrow(() -> new AssertionError("no record of " + key));
  }

  @Test
  void shouldCountCalendarMonthsAcrossYearAndMonthBoundariesAndReviseAClosedMonth() {
    paper("p1", "2024-12-31", "llm");
    paper("p2", "2025-01-01", "llm");
    paper("p3", "2025-01-31", "llm");
    paper("p4", "2025-02-01", "llm");
    paper("p5", "2025-02-28", "llm");
    paper("p6", "2024-02-29", "agents"); // a leap day
    emit();

    List<KeyValue<String, TopicTrend>> out = trends.readKeyValuesToList();
    // December and January are two months, in one week (Monday 2024-12-30)
    assertThat(last(out, "TOPIC:llm@MONTH:2024-12-01").getCount()).isEqualTo(1);
    assertThat(last(out, "TOPIC:llm@WEEK:2024-12-30").getCount()).isEqualTo(2);
    TopicTrend january = last(out, "TOPIC:llm@MONTH:2025-01-01");
    assertThat(january.getCount()).isEqualTo(2); // the 1st and the 31st
    assertThat(january.getWindowEnd()).isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));
    TopicTrend february = last(out, "TOPIC:llm@MONTH:2025-02-01");
    assertThat(february.getCount()).isEqualTo(2); // the 1st and the 28th
    assertThat(february.getWindowEnd()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    // the clock is on February's last day and its digest is in: the month is not partial
    assertThat(february.getPartial()).isFalse();
    TopicTrend leap = last(out, "TOPIC:agents@MONTH:2024-02-01");
    assertThat(leap.getWindowEnd()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));

    TrendingTopics ranking = last(trending.readKeyValuesToList(), "TOPIC@MONTH:2025-02-01");
    assertThat(ranking.getWindow()).isEqualTo("MONTH");
    assertThat(ranking.getEntries().get(0).getCount()).isEqualTo(2);
    assertThat(ranking.getEntries().get(0).getPreviousCount()).isEqualTo(2); // January

    // the closing check: January ended (plus the grace) by the trends clock, February did not
    driver.advanceWallClockTime(Duration.ofMinutes(1));
    List<KeyValue<String, TopicTrend>> closed = trends.readKeyValuesToList();
    TopicTrend finalJanuary = last(closed, "TOPIC:llm@MONTH:2025-01-01");
    assertThat(finalJanuary.getFinal$()).isTrue();
    assertThat(finalJanuary.getRevision()).isZero();
    assertThat(closed).noneMatch(kv -> kv.key.equals("TOPIC:llm@MONTH:2025-02-01"));

    // a late paper revises the closed month, and February's growth follows it
    paper("p7", "2025-01-15", "llm");
    emit();
    TopicTrend revised = last(trends.readKeyValuesToList(), "TOPIC:llm@MONTH:2025-01-01");
    assertThat(revised.getCount()).isEqualTo(3);
    assertThat(revised.getFinal$()).isTrue();
    assertThat(revised.getRevision()).isEqualTo(1);
    TrendingTopics regrown = last(trending.readKeyValuesToList(), "TOPIC@MONTH:2025-02-01");
    assertThat(regrown.getEntries().get(0).getPreviousCount()).isEqualTo(3);
  }

  @Test
  void shouldCompareAPartialMonthWithTheSameElapsedDaysOfThePreviousMonth() {
    paper("a", "2025-01-02", "llm");
    paper("b", "2025-01-20", "llm"); // after the 10th: not comparable yet
    paper("c", "2025-02-03", "llm");
    paper("d", "2025-02-10", "llm");
    emit();

    TrendingTopics month = last(trending.readKeyValuesToList(), "TOPIC@MONTH:2025-02-01");
    assertThat(month.getPartial()).isTrue();
    // 1st-10th against 1st-10th: 2 against 1
    assertThat(month.getEntries().get(0).getCount()).isEqualTo(2);
    assertThat(month.getEntries().get(0).getPreviousCount()).isEqualTo(1);
  }
}
