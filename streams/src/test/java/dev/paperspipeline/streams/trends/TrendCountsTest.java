package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.streams.PipelineSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class TrendCountsTest {
  private static TopicTrend trend(long count) {
    return new TopicTrend(
        "TOPIC",
        "llm",
        "DAY",
        Instant.EPOCH,
        Instant.EPOCH.plusSeconds(86_400),
        count,
        false,
        0,
        false);
  }

  @Test
  void shouldHoldChangesUntilDrainedThenWriteEachOnce() {
    KeyValueStore<String, TopicTrend> store =
        TestStores.store("counts", PipelineSerdes.avro("mock://counts").topicTrend());
    TrendCounts counts = new TrendCounts(store);
    String key = "TOPIC:llm@DAY:1970-01-01";

    counts.set(key, trend(1), 10);
    counts.set(key, trend(2), 20);
    assertThat(counts.get(key).getCount()).isEqualTo(2);
    assertThat(store.get(key)).isNull();
    assertThat(counts.pendingSize()).isEqualTo(1);

    List<String> drained = new ArrayList<>();
    counts.drain((k, v, ts) -> drained.add(k + "=" + v.getCount() + "@" + ts), 7);

    assertThat(drained).containsExactly(key + "=2@20");
    assertThat(store.get(key).getCount()).isEqualTo(2);
    assertThat(counts.current(TrendKind.TOPIC, "llm", TrendWindow.DAY, 0)).isEqualTo(2);
    assertThat(counts.current(TrendKind.TOPIC, "rag", TrendWindow.DAY, 0)).isZero();
    assertThat(counts.pendingSize()).isZero();
    assertThat(counts.emission()).isEqualTo(7);
  }

  @Test
  void shouldRebuildEveryDayAndWeekFromTheMembershipAndDropWhatItDoesNotHold() {
    KeyValueStore<String, TopicTrend> store =
        TestStores.store("counts", PipelineSerdes.avro("mock://counts-rebuild").topicTrend());
    WindowMembership membership = new WindowMembership(TestStores.members("members"));
    long day = TrendWindow.DAY_MS;
    long sun = java.time.LocalDate.of(2025, 8, 10).toEpochDay() * day; // the end of a week
    long mon = sun + day;
    membership.admit(new TrendHit(TrendKind.TOPIC, sun, "p1", "T1", List.of("llm", "rag")));
    membership.admit(new TrendHit(TrendKind.TOPIC, mon, "p2", "T2", List.of("llm")));
    membership.admit(new TrendHit(TrendKind.TOPIC, mon + day, "p3", "T3", List.of("llm")));
    membership.admit(new TrendHit(TrendKind.KEYPHRASE, mon, "p2", "T2", List.of("lora")));
    TrendCounts counts = new TrendCounts(store);
    counts.set("TOPIC:llm@DAY:2025-08-11", trend(9), 1); // stale, pending
    store.put("TOPIC:gone@DAY:2025-08-11", trend(4)); // not in the membership
    store.put("TOPIC:llm@WEEK:2025-08-11", trend(1)); // older
    store.put(TrendKeys.EMISSION_KEY, trend(3));

    long written = counts.rebuild(membership, (k, w, start, name, n) -> trend(n), 12);

    java.util.Map<String, Long> all = new java.util.TreeMap<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> all.put(kv.key, kv.value.getCount()));
    }
    assertThat(all)
        .containsExactlyInAnyOrderEntriesOf(
            java.util.Map.ofEntries(
                java.util.Map.entry("TOPIC:llm@DAY:2025-08-10", 1L),
                java.util.Map.entry("TOPIC:rag@DAY:2025-08-10", 1L),
                java.util.Map.entry("TOPIC:llm@WEEK:2025-08-04", 1L),
                java.util.Map.entry("TOPIC:rag@WEEK:2025-08-04", 1L),
                java.util.Map.entry("TOPIC:llm@DAY:2025-08-11", 1L),
                java.util.Map.entry("TOPIC:llm@DAY:2025-08-12", 1L),
                java.util.Map.entry("TOPIC:llm@WEEK:2025-08-11", 2L),
                java.util.Map.entry("KEYPHRASE:lora@DAY:2025-08-11", 1L),
                java.util.Map.entry("KEYPHRASE:lora@WEEK:2025-08-11", 1L),
                java.util.Map.entry("TOPIC:llm@MONTH:2025-08-01", 3L),
                java.util.Map.entry("TOPIC:rag@MONTH:2025-08-01", 1L),
                java.util.Map.entry("KEYPHRASE:lora@MONTH:2025-08-01", 1L),
                java.util.Map.entry(TrendKeys.EMISSION_KEY, 12L)));
    assertThat(written).isEqualTo(12);
    assertThat(counts.pendingSize()).isZero();
    assertThat(counts.current(TrendKind.TOPIC, "llm", TrendWindow.WEEK, mon)).isEqualTo(2);
    assertThat(counts.emission()).isEqualTo(12);
  }
}
