package dev.paperspipeline.streams.trends;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Windows with changes not yet emitted, in memory and in the dirty-windows store. The store is
 * written once per window between two emissions and emptied by each, so it costs little; it is
 * there for a crash: a commit may come between a change and its emission (emission runs from a
 * wall-clock punctuation, and Kafka Streams offers processors no commit callback), and the windows
 * it lists after a restart are derived again from the membership and emitted ({@code
 * TrendsProcessor}).
 */
public final class DirtyWindows {
  private final KeyValueStore<String, String> store;
  private final Set<String> dirty = new HashSet<>();

  public DirtyWindows(KeyValueStore<String, String> store) {
    this.store = store;
  }

  /** Notes that a window (or any key) changed. */
  public void mark(String windowKey) {
    if (dirty.add(windowKey)) {
      store.put(windowKey, "");
    }
  }

  /** Windows left dirty by a previous run of the task (read once, at init). */
  public List<String> leftOver() {
    dirty.clear();
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    dirty.addAll(keys);
    return keys;
  }

  /** The windows (or keys) marked since the last {@link #emitted()}, a copy. */
  public List<String> marked() {
    return new ArrayList<>(dirty);
  }

  /** True when nothing is marked. */
  public boolean isEmpty() {
    return dirty.isEmpty();
  }

  /** Forgets every dirty window: all were emitted. */
  public void emitted() {
    dirty.forEach(store::delete);
    dirty.clear();
  }
}
