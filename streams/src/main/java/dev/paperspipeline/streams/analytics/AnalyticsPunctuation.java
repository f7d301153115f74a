package dev.paperspipeline.streams.analytics;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** What the weekly analytics processors share about emitting: the dirty-keys store. */
final class AnalyticsPunctuation {
  private AnalyticsPunctuation() {}

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
