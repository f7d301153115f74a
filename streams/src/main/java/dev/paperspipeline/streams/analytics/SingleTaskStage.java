package dev.paperspipeline.streams.analytics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The shape the weekly analytics share: every record, reduced to what the stage reads, goes through
 * a one-partition repartition so that all its windows, and the clock that closes them, are in one
 * task; a processor with persistent key-value stores turns them into one output topic. Names are
 * derived from the processor's: {@code <name>-not-null}, {@code <name>-lean}, {@code <name>-sink}.
 */
final class SingleTaskStage<V> {
  private final String processorName;
  private final String repartitionName;
  private final Map<String, Serde<?>> stores = new LinkedHashMap<>();

  private SingleTaskStage(String processorName, String repartitionName) {
    this.processorName = processorName;
    this.repartitionName = repartitionName;
  }

  /** A stage run by the processor named {@code processorName}, through {@code repartitionName}. */
  static <V> SingleTaskStage<V> named(String processorName, String repartitionName) {
    return new SingleTaskStage<>(processorName, repartitionName);
  }

  /** Adds a persistent key-value store with String keys and {@code valueSerde} values. */
  SingleTaskStage<V> store(String name, Serde<?> valueSerde) {
    stores.put(name, valueSerde);
    return this;
  }

  /** Adds a persistent key-value store with String keys and values. */
  SingleTaskStage<V> stringStore(String name) {
    return store(name, Serdes.String());
  }

  /**
   * Wires {@code input} → non-null records → {@code lean} (key and value for the repartition, its
   * values in {@code leanSerde}) → repartition → {@code processor} with the stores → {@code
   * outputTopic}.
   */
  <I, L> void wire(
      StreamsBuilder builder,
      KStream<String, I> input,
      KeyValueMapper<String, I, KeyValue<String, L>> lean,
      Serde<L> leanSerde,
      ProcessorSupplier<String, L, String, V> processor,
      String outputTopic,
      Serde<V> outputSerde) {
    stores.forEach(
        (name, serde) ->
            builder.addStateStore(
                Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(name), Serdes.String(), serde)));
    input
        .filter((k, v) -> v != null, Named.as(processorName + "-not-null"))
        .map(lean, Named.as(processorName + "-lean"))
        .repartition(
            Repartitioned.with(Serdes.String(), leanSerde)
                .withName(repartitionName)
                .withNumberOfPartitions(1))
        .process(processor, Named.as(processorName), stores.keySet().toArray(String[]::new))
        .to(
            outputTopic,
            Produced.with(Serdes.String(), outputSerde).withName(processorName + "-sink"));
  }
}
