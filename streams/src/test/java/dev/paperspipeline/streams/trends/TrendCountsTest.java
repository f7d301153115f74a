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
    counts.drain((k, v, ts) -> drained.add(k + "=" + v.getCount() + "@" + ts));

    assertThat(drained).containsExactly(key + "=2@20");
    assertThat(store.get(key).getCount()).isEqualTo(2);
    assertThat(counts.current(TrendKind.TOPIC, "llm", TrendWindow.DAY, 0)).isEqualTo(2);
    assertThat(counts.current(TrendKind.TOPIC, "rag", TrendWindow.DAY, 0)).isZero();
    assertThat(counts.pendingSize()).isZero();
  }
}
