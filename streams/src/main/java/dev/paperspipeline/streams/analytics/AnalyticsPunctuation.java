package dev.paperspipeline.streams.analytics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** What the analytics processors share about emitting: the interval and the dirty-keys store. */
final class AnalyticsPunctuation {
  private AnalyticsPunctuation() {}

  /**
   * The app's {@code commit.interval.ms}: changed records are emitted once per interval, as a
   * cached KTable would.
   */
  static long commitIntervalMs(ProcessorContext<?, ?> context) {
    Map<String, Object> configs = context.appConfigs();
    Object v = configs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    if (v instanceof Number n) {
      return n.longValue();
    }
    return v == null ? 100 : Long.parseLong(v.toString().trim());
  }

  /**
   * The keys changed since the last emission, removed from the store. The store is changelogged: a
   * change committed but not yet emitted before a crash is emitted after the restart.
   */
  static List<String> drain(KeyValueStore<String, String> dirty) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = dirty.all()) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    keys.forEach(dirty::delete);
    return keys;
  }
}
