package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.state.EmergingPhraseState;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.StoreValueSerde;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.WindowMembership;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Emerging phrases: analytics hits of keyphrases → {@code emerging-phrases}.
 *
 * <ul>
 *   <li>Output {@link Topics#EMERGING_PHRASES}: key the keyphrase, value {@link EmergingPhrase}: a
 *       keyphrase first seen (by digest date) fewer than {@link EmergingOptions#windowDays()} days
 *       before the trends clock's day, in at least {@link EmergingOptions#minPapers()} papers,
 *       emitted once per {@code commit.interval.ms} when its count grew ({@link
 *       EmergingPhrasesProcessor} says what counts as new). Rank by {@code growth}.
 *   <li>Stores: {@link StoreNames#EMERGING_MEMBERS}, {@link StoreNames#EMERGING_PHRASES}
 *       (queryable), {@link StoreNames#EMERGING_CLOCK}, {@link StoreNames#EMERGING_DIRTY}; reads
 *       (and shares with the writer in AnalyticsTopology) {@link StoreNames#ANALYTICS_SIGHTINGS}.
 * </ul>
 */
public final class EmergingPhrasesTopology {
  private EmergingPhrasesTopology() {}

  /** Adds the emerging-phrases part, reading the keyphrase {@code hits}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      KStream<String, TrendHit> hits,
      AnalyticsOptions options,
      Serde<EmergingPhrase> phraseSerde) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.EMERGING_MEMBERS),
            Serdes.String(),
            WindowMembership.serde(StoreNames.EMERGING_MEMBERS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.EMERGING_PHRASES),
            Serdes.String(),
            StoreValueSerde.of(StoreNames.EMERGING_PHRASES, EmergingPhraseState.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.EMERGING_CLOCK),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.EMERGING_DIRTY),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());
    hits.filter(
            (k, hit) -> hit != null && hit.kind() == TrendKind.KEYPHRASE,
            Named.as(NodeNames.EMERGING_KEYPHRASES_ONLY))
        .process(
            () -> new EmergingPhrasesProcessor(options),
            Named.as(StoreNames.EMERGING_PROCESSOR),
            StoreNames.ANALYTICS_SIGHTINGS,
            StoreNames.EMERGING_MEMBERS,
            StoreNames.EMERGING_PHRASES,
            StoreNames.EMERGING_CLOCK,
            StoreNames.EMERGING_DIRTY)
        .to(
            Topics.EMERGING_PHRASES,
            Produced.with(Serdes.String(), phraseSerde)
                .withName(NodeNames.sink(Topics.EMERGING_PHRASES)));
  }
}
