package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TopicTrend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The count of each trend (kind, name, window): changed counts wait in memory and are written to
 * the counts store once per emission ({@link #drain}), so that a hot topic counted by a thousand
 * papers between two emissions costs one store write and one output record. Reads see the pending
 * value first, then a bounded mirror of the store ({@link StoreMirror}).
 *
 * <p>The store has no changelog: its counts are a function of the membership store, and are {@link
 * #rebuild rebuilt} from it whenever the store may not match it. Each drain writes, in the same
 * batch as the counts, the number of the emission ({@link #emission()}), which the processor also
 * writes to a logged store; the two are compared at start-up.
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

  /** Makes the value of one rebuilt count. */
  interface Valuer {
    TopicTrend value(TrendKind kind, TrendWindow window, long start, String name, long count);
  }

  private static final int BATCH = 10_000;

  private final KeyValueStore<String, TopicTrend> raw;
  private final StoreMirror<TopicTrend> store;
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  TrendCounts(KeyValueStore<String, TopicTrend> store) {
    this.raw = store;
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
   * Hands every pending count to {@code sink} (which may still set fields of it), then writes them
   * to the store in one batch that ends with {@code emission} (see {@link #emission()}).
   */
  void drain(Sink sink, long emission) {
    List<KeyValue<String, TopicTrend>> batch = new ArrayList<>(pending.size() + 1);
    pending.forEach(
        (key, p) -> {
          sink.accept(key, p.value(), p.timestamp());
          // a name whose last paper moved out of the window is emitted with count 0, and deleted
          batch.add(KeyValue.pair(key, p.value().getCount() == 0 ? null : p.value()));
        });
    batch.add(KeyValue.pair(TrendKeys.EMISSION_KEY, marker(emission)));
    // one batch (a RocksDB write batch): a crash leaves all of it or none, never a part under an
    // emission number that claims the whole
    store.putAll(batch);
    pending.clear();
  }

  /** The emission number the store's counts are at, or null when it has none (empty, or wiped). */
  Long emission() {
    TopicTrend marker = raw.get(TrendKeys.EMISSION_KEY);
    return marker == null ? null : marker.getCount();
  }

  /**
   * Replaces the whole store by the counts derived from {@code membership}, every day's and every
   * week's (a week's from its seven days), then marks it at {@code emission}. Reads the membership
   * in key order, one kind at a time, holding at most one day's and one week's names in memory.
   *
   * @return the number of counts written
   */
  long rebuild(WindowMembership membership, Valuer valuer, long emission) {
    pending.clear();
    store.clear();
    clear();
    long[] written = new long[1];
    for (TrendKind kind : TrendKind.values()) {
      membership.forEachWindow(
          kind,
          (w, start, names) -> {
            List<KeyValue<String, TopicTrend>> batch = new ArrayList<>(names.size());
            names.forEach(
                (name, n) ->
                    batch.add(
                        KeyValue.pair(
                            TrendKeys.trend(kind, name, w, start),
                            valuer.value(kind, w, start, name, n))));
            raw.putAll(batch);
            written[0] += batch.size();
          });
    }
    raw.put(TrendKeys.EMISSION_KEY, marker(emission));
    return written[0];
  }

  /** Deletes every entry, a batch of keys at a time (an iterator is not held across deletes). */
  private void clear() {
    String from = null;
    while (true) {
      List<String> keys = new ArrayList<>(BATCH);
      try (KeyValueIterator<String, TopicTrend> it = raw.range(from, null)) {
        while (it.hasNext() && keys.size() < BATCH) {
          keys.add(it.next().key);
        }
      }
      keys.forEach(raw::delete);
      if (keys.size() < BATCH) {
        return;
      }
      from = keys.get(keys.size() - 1);
    }
  }

  private static TopicTrend marker(long emission) {
    return new TopicTrend(
        "~", "emission", "", Instant.EPOCH, Instant.EPOCH, emission, false, 0, false);
  }

  /** Forgets what is pending and mirrored (the task's stores were restored). */
  void reset() {
    pending.clear();
    store.clear();
  }
}
