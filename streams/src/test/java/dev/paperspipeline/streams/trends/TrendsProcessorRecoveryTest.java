package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A crash between a commit and the emission that should have followed it: the windows left in the
 * dirty-windows store are derived again from the membership and emitted by the next emission.
 */
class TrendsProcessorRecoveryTest {
  private static final long DAY = TrendWindow.DAY_MS;
  private static final long TUE = LocalDate.of(2025, 8, 12).toEpochDay() * DAY;
  private static final long MON = TUE - DAY;

  @Test
  void shouldDeriveAgainAndEmitTheWindowsLeftDirtyByACrash() {
    // one registry scope per store: the mock context writes every store to one topic name
    KeyValueStore<String, TopicTrend> counts =
        TestStores.store(
            StoreNames.TREND_COUNTS, PipelineSerdes.avro("mock://recovery-counts").topicTrend());
    KeyValueStore<String, WindowMember> members = TestStores.members(StoreNames.TREND_MEMBERS);
    KeyValueStore<String, String> open = TestStores.strings(StoreNames.TREND_OPEN_WINDOWS);
    KeyValueStore<String, TrendingTopics> trending =
        TestStores.store(
            StoreNames.TRENDING, PipelineSerdes.avro("mock://recovery-trending").trendingTopics());
    KeyValueStore<String, String> dirty = TestStores.strings(StoreNames.TRENDS_DIRTY_WINDOWS);

    // what the crashed run committed: two papers' membership, the day still open, the week
    // closed (its final emitted with one paper), stale counts, and both windows dirty
    WindowMembership membership = new WindowMembership(members);
    membership.admit(new TrendHit(TrendKind.TOPIC, TUE, "p1", "T1", List.of("llm", "agents")));
    membership.admit(new TrendHit(TrendKind.TOPIC, TUE, "p2", "T2", List.of("llm")));
    new WindowLifecycle(open, dirty, java.time.Duration.ofDays(1), java.time.Duration.ofDays(1))
        .open(new WindowLifecycle.Window("TOPIC", TrendWindow.DAY, TUE));
    counts.put(
        "TOPIC:llm@DAY:2025-08-12",
        new TopicTrend(
            "TOPIC",
            "llm",
            "DAY",
            Instant.ofEpochMilli(TUE),
            Instant.ofEpochMilli(TUE + DAY),
            1L,
            false,
            0,
            true));
    trending.put(
        "TOPIC@WEEK:2025-08-11",
        new TrendingTopics(
            "TOPIC",
            "WEEK",
            Instant.ofEpochMilli(MON),
            Instant.ofEpochMilli(MON + 7 * DAY),
            List.of(new TrendEntry(1, "llm", 1L, 0L, null)),
            true,
            0,
            false));
    dirty.put("TOPIC@DAY:2025-08-12", "");
    dirty.put("TOPIC@WEEK:2025-08-11", "");

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recovery");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(props);
    context.setCurrentSystemTimeMs(TUE + DAY);
    for (var store : List.of(counts, members, open, trending, dirty)) {
      context.addStateStore(store);
    }
    TrendsProcessor processor = new TrendsProcessor(TrendsOptions.defaults());
    processor.init(context);
    assertThat(context.forwarded()).isEmpty();

    // the emission punctuation (every commit.interval.ms)
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(TUE + DAY);

    Map<String, SpecificRecord> out = new HashMap<>();
    context.forwarded().forEach(f -> out.put(f.record().key(), f.record().value()));
    assertThat(out)
        .containsOnlyKeys(
            "TOPIC:llm@DAY:2025-08-12",
            "TOPIC:agents@DAY:2025-08-12",
            "TOPIC:llm@WEEK:2025-08-11",
            "TOPIC:agents@WEEK:2025-08-11",
            "TOPIC@DAY:2025-08-12",
            "TOPIC@WEEK:2025-08-11");
    TopicTrend day = (TopicTrend) out.get("TOPIC:llm@DAY:2025-08-12");
    assertThat(day.getCount()).isEqualTo(2);
    assertThat(day.getFinal$()).isFalse();
    TopicTrend week = (TopicTrend) out.get("TOPIC:llm@WEEK:2025-08-11");
    assertThat(week.getCount()).isEqualTo(2);
    assertThat(week.getFinal$()).isTrue();
    assertThat(week.getRevision()).isEqualTo(1); // a closed window re-emitted: a revision
    TrendingTopics weekTop = (TrendingTopics) out.get("TOPIC@WEEK:2025-08-11");
    assertThat(weekTop.getEntries())
        .extracting(TrendEntry::getName, TrendEntry::getCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("llm", 2L),
            org.assertj.core.groups.Tuple.tuple("agents", 1L));
    assertThat(counts.get("TOPIC:llm@DAY:2025-08-12").getCount()).isEqualTo(2);
    assertThat(dirty.approximateNumEntries()).isZero();
  }
}
