package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class StoreMirrorTest {
  private static KeyValueStore<String, String> store() {
    KeyValueStore<String, String> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("mirror-test"), Serdes.String(), Serdes.String())
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  @Test
  void shouldWriteThroughAndServeTheLatestValue() {
    KeyValueStore<String, String> store = store();
    StoreMirror<String> mirror = new StoreMirror<>(store, 2);

    mirror.put("a", "1");
    mirror.put("a", "2");

    assertThat(mirror.get("a")).isEqualTo("2");
    assertThat(store.get("a")).isEqualTo("2");
  }

  @Test
  void shouldRememberAbsentKeysAndForgetOnClear() {
    KeyValueStore<String, String> store = store();
    StoreMirror<String> mirror = new StoreMirror<>(store, 2);

    assertThat(mirror.get("x")).isNull();
    store.put("x", "behind the mirror's back");
    assertThat(mirror.get("x")).isNull(); // remembered as absent: only the owner writes the store

    mirror.clear();
    assertThat(mirror.get("x")).isEqualTo("behind the mirror's back");
  }

  @Test
  void shouldReadEvictedEntriesFromTheStore() {
    KeyValueStore<String, String> store = store();
    StoreMirror<String> mirror = new StoreMirror<>(store, 2);

    mirror.put("a", "1");
    mirror.put("b", "2");
    mirror.put("c", "3"); // evicts a from the mirror, not from the store

    assertThat(mirror.get("a")).isEqualTo("1");
  }
}
