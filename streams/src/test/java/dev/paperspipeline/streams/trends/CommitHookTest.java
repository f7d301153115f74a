package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CommitHookTest {
  private static final String HOOK = "commit-hook-test-store";

  /**
   * Collects each input's values and forwards them joined, from the commit hook; the output says
   * whether the hook ran inside process() or later (at the commit).
   */
  private static final class Collector implements Processor<String, String, String, String> {
    private final List<String> pending = new ArrayList<>();
    private ProcessorContext<String, String> context;
    private CommitHook hook;
    private boolean inProcess;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
      hook = CommitHook.register(context, HOOK, this::flush);
    }

    @Override
    public void process(Record<String, String> record) {
      inProcess = true;
      try {
        for (String v : record.value().split(",")) {
          pending.add(v);
          hook.arm();
        }
      } finally {
        inProcess = false;
      }
    }

    private void flush() {
      String when = inProcess ? "in-process" : "at-commit";
      context.forward(new Record<>(when, String.join("+", pending), 0L));
      pending.clear();
    }
  }

  private static List<KeyValue<String, String>> run(long cacheBytes) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(HOOK), Serdes.String(), Serdes.String())
            .withCachingEnabled()
            .withLoggingDisabled());
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(Collector::new, HOOK)
        .to("out", Produced.with(Serdes.String(), Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "commit-hook-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
      TestOutputTopic<String, String> out =
          driver.createOutputTopic(
              "out", Serdes.String().deserializer(), Serdes.String().deserializer());
      in.pipeInput("k", "a,b,c");
      in.pipeInput("k", "d");
      return out.readKeyValuesToList();
    }
  }

  @Test
  void shouldRunTheCallbackOnceAtEachCommitWithEverythingPending() {
    // the test driver commits after each input record
    assertThat(run(10 * 1024 * 1024))
        .containsExactly(KeyValue.pair("at-commit", "a+b+c"), KeyValue.pair("at-commit", "d"));
  }

  @Test
  void shouldRunTheCallbackAtOnceWhenTheCacheCannotHoldTheHook() {
    assertThat(run(0))
        .containsExactly(
            KeyValue.pair("in-process", "a"),
            KeyValue.pair("in-process", "b"),
            KeyValue.pair("in-process", "c"),
            KeyValue.pair("in-process", "d"));
  }
}
