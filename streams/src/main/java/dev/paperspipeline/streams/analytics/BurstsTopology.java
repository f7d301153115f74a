package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.WindowMembership;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Rising topics with the papers behind them: analytics hits → {@code topic-bursts}.
 *
 * <ul>
 *   <li>Output {@link Topics#TOPIC_BURSTS}: key {@code <kind>:<name>@<window>:<start ISO date>}
 *       (the topic-trends key), value {@link TopicBurst}: a topic or keyphrase whose count in a DAY
 *       or WEEK window is surprising against its own trailing baseline ({@link BurstsProcessor}
 *       says how), emitted once per {@code commit.interval.ms} when it changed, final when the
 *       window closes (the trends grace), revised when a late paper changes it.
 *   <li>Stores: {@link StoreNames#BURST_MEMBERS}, {@link StoreNames#BURST_OPEN_WINDOWS}, {@link
 *       StoreNames#TOPIC_BURSTS} (queryable: the latest record of every burst), {@link
 *       StoreNames#BURSTS_DIRTY_WINDOWS}; reads (and shares with the writer in AnalyticsTopology)
 *       {@link StoreNames#ANALYTICS_SIGHTINGS}.
 * </ul>
 */
public final class BurstsTopology {
  private BurstsTopology() {}

  /** Adds the bursts part, counting {@code hits} (repartitioned by kind), to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, TrendHit> hits,
      AnalyticsOptions options,
      Serde<TopicBurst> burstSerde) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.BURST_MEMBERS),
            Serdes.String(),
            WindowMembership.serde(StoreNames.BURST_MEMBERS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.BURST_OPEN_WINDOWS),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.TOPIC_BURSTS), Serdes.String(), burstSerde));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.BURSTS_DIRTY_WINDOWS),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    hits.process(
            () -> new BurstsProcessor(options),
            Named.as(StoreNames.BURSTS_PROCESSOR),
            StoreNames.ANALYTICS_SIGHTINGS,
            StoreNames.BURST_MEMBERS,
            StoreNames.BURST_OPEN_WINDOWS,
            StoreNames.TOPIC_BURSTS,
            StoreNames.BURSTS_DIRTY_WINDOWS)
        .to(
            Topics.TOPIC_BURSTS,
            Produced.with(Serdes.String(), burstSerde)
                .withName(NodeNames.sink(Topics.TOPIC_BURSTS)));
  }
}
