package dev.paperspipeline.streams.trends;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A bounded, write-through copy of the most recently used entries of a key-value store, for a store
 * written only by the processor that owns this mirror. Reads of hot keys (a trend's count is read
 * for every paper that mentions it, and again for the growth of the next window's ranking) then
 * skip the store's cache lookup and value deserialization. Absent keys are remembered too.
 *
 * <p>Must be {@link #clear() cleared} whenever the store may have changed behind the processor's
 * back: in {@code init} (a revived task restores the store and initializes the same processor
 * again).
 */
final class StoreMirror<V> {
  private static final Object ABSENT = new Object();

  private final KeyValueStore<String, V> store;
  private final Map<String, Object> recent;

  StoreMirror(KeyValueStore<String, V> store, int maxEntries) {
    this.store = store;
    this.recent =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > maxEntries;
          }
        };
  }

  @SuppressWarnings("unchecked")
  V get(String key) {
    Object v = recent.get(key);
    if (v != null) {
      return v == ABSENT ? null : (V) v;
    }
    V stored = store.get(key);
    recent.put(key, stored == null ? ABSENT : stored);
    return stored;
  }

  void put(String key, V value) {
    store.put(key, value);
    recent.put(key, value == null ? ABSENT : value);
  }

  void putAll(List<KeyValue<String, V>> entries) {
    store.putAll(entries);
    entries.forEach(kv -> recent.put(kv.key, kv.value == null ? ABSENT : kv.value));
  }

  void clear() {
    recent.clear();
  }
}
