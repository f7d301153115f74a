package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.StoreNames;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * This instance's view of the queryable stores the dashboard reads. Backed by {@link KafkaStreams}
 * in the app and by a {@code TopologyTestDriver} in tests.
 */
public interface LocalStores {
  /** {@link StoreNames#TREND_COUNTS}. */
  ReadOnlyKeyValueStore<String, TopicTrend> trendCounts();

  /** {@link StoreNames#TRENDING}. */
  ReadOnlyKeyValueStore<String, TrendingTopics> trending();

  /** {@link StoreNames#TREND_MEMBERS}. */
  ReadOnlyKeyValueStore<String, WindowMember> trendMembers();

  /** {@link StoreNames#DEDUPE_SIGHTINGS}. */
  ReadOnlyWindowStore<String, PaperSighting> sightings();

  /**
   * The paper {@code paperId} as last written to papers-unique ({@link StoreNames#PAPERS}), or
   * null.
   */
  UniquePaper paper(String paperId);

  /**
   * The active local stores of a running {@link KafkaStreams}; {@code papers} decodes the records
   * of {@link StoreNames#PAPERS} (the papers-unique value deserializer).
   */
  static LocalStores of(KafkaStreams streams, Deserializer<UniquePaper> papers) {
    return new LocalStores() {
      @Override
      public UniquePaper paper(String paperId) {
        ReadOnlyKeyValueStore<String, byte[]> store =
            streams.store(
                StoreQueryParameters.fromNameAndType(
                    StoreNames.PAPERS, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        byte[] bytes = store.get(paperId);
        return bytes == null ? null : papers.deserialize(Topics.PAPERS_UNIQUE, bytes);
      }

      @Override
      public ReadOnlyKeyValueStore<String, TopicTrend> trendCounts() {
        return streams.store(
            StoreQueryParameters.fromNameAndType(
                StoreNames.TREND_COUNTS, QueryableStoreTypes.<String, TopicTrend>keyValueStore()));
      }

      @Override
      public ReadOnlyKeyValueStore<String, TrendingTopics> trending() {
        return streams.store(
            StoreQueryParameters.fromNameAndType(
                StoreNames.TRENDING, QueryableStoreTypes.<String, TrendingTopics>keyValueStore()));
      }

      @Override
      public ReadOnlyKeyValueStore<String, WindowMember> trendMembers() {
        return streams.store(
            StoreQueryParameters.fromNameAndType(
                StoreNames.TREND_MEMBERS,
                QueryableStoreTypes.<String, WindowMember>keyValueStore()));
      }

      @Override
      public ReadOnlyWindowStore<String, PaperSighting> sightings() {
        return streams.store(
            StoreQueryParameters.fromNameAndType(
                StoreNames.DEDUPE_SIGHTINGS,
                QueryableStoreTypes.<String, PaperSighting>windowStore()));
      }
    };
  }
}
