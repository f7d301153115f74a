package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CommitForwarderTest {
  private static final String STORE = "commit-forwarder-test-store";

  /** Writes every input value three times (as "v#1".."v#3") under the input key. */
  private static final class TripleWriter implements Processor<String, String, String, String> {
    private KeyValueStore<String, String> store;
    private boolean forwardsOnFlush;

    @Override
    public void init(ProcessorContext<String, String> context) {
      store = context.getStateStore(STORE);
      forwardsOnFlush = CommitForwarder.forwardOnFlush(context, store);
    }

    @Override
    public void process(Record<String, String> record) {
      for (int i = 1; i <= 3; i++) {
        store.put(record.key(), record.value() + "#" + i);
      }
      store.put("deleted-before-commit", String.valueOf(forwardsOnFlush));
      store.delete("deleted-before-commit");
    }
  }

  private static java.util.List<KeyValue<String, String>> run(boolean caching) {
    StoreBuilder<KeyValueStore<String, String>> store =
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String());
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(caching ? store.withCachingEnabled() : store.withCachingDisabled());
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(TripleWriter::new, STORE)
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-forwarder-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> out =
          driver.createOutputTopic(
              "out", Serdes.String().deserializer(), Serdes.String().deserializer());
      in.pipeInput("a", "x");
      in.pipeInput("b", "y");
      in.pipeInput("a", "z");
      return out.readKeyValuesToList();
    }
  }

  @Test
  void shouldForwardOnlyTheLatestValueOfEachKeyPerCommitAndNoDeletes() {
    // the driver commits after each input record: one record out per input, the last write
    assertThat(run(true))
        .containsExactly(
            KeyValue.pair("a", "x#3"), KeyValue.pair("b", "y#3"), KeyValue.pair("a", "z#3"));
  }

  @Test
  void shouldReportThatAStoreWithoutCacheCannotForward() {
    assertThat(run(false)).isEmpty();
  }
}
