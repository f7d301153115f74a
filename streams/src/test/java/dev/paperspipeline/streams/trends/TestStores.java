package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.state.WindowMember;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** In-memory key-value stores for the unit tests of the trends classes. */
final class TestStores {
  private TestStores() {}

  static <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    return store;
  }

  static KeyValueStore<String, WindowMember> members(String name) {
    return store(name, WindowMembership.serde(name));
  }

  static KeyValueStore<String, String> strings(String name) {
    return store(name, Serdes.String());
  }
}
