package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TopicTrend;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The count of each trend (kind, name, window): changed counts wait in memory and are written to
 * the counts store once per emission ({@link #drain}), so that a hot topic counted by a thousand
 * papers between two emissions costs one store write and one output record. Reads see the pending
 * value first, then a bounded mirror of the store ({@link StoreMirror}).
 */
final class TrendCounts {
  // Counts of open windows are read for almost every hit, and for the growth of the next window.
  private static final int MIRRORED_TRENDS = 50_000;

  /** A count not yet written nor emitted, with the timestamp its output record gets. */
  record Pending(TopicTrend value, long timestamp) {}

  /** Receives each drained count. */
  interface Sink {
    void accept(String key, TopicTrend value, long timestamp);
  }

  private final StoreMirror<TopicTrend> store;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  TrendCounts(KeyValueStore<String, TopicTrend> store) {
    this.store = new StoreMirror<>(store, MIRRORED_TRENDS);
  }

  /** The latest count of a trend, pending or stored; null when none. */
  TopicTrend get(String trendKey) {
    Pending p = pending.get(trendKey);
    return p != null ? p.value() : store.get(trendKey);
  }

  /** The number of papers a trend counts so far, 0 when none. */
  long current(TrendKind kind, String name, TrendWindow w, long start) {
    TopicTrend t = get(TrendKeys.trend(kind, name, w, start));
    return t == null ? 0 : t.getCount();
  }

  /** Sets a trend's new value, written and emitted at the next drain. */
  void set(String trendKey, TopicTrend value, long timestamp) {
    pending.put(trendKey, new Pending(value, timestamp));
  }

  int pendingSize() {
    return pending.size();
  }

  /**
   * Hands every pending count to {@code sink} (which may still set fields of it), then writes it to
   * the store, in change order.
   */
  void drain(Sink sink) {
    pending.forEach(
        (key, p) -> {
          sink.accept(key, p.value(), p.timestamp());
          store.put(key, p.value());
        });
    pending.clear();
  }

  /** Forgets what is pending and mirrored (the task's stores were restored). */
  void reset() {
    pending.clear();
    store.clear();
  }
}
