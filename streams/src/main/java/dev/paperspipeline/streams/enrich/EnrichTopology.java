package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.StoreNames;
import java.time.Clock;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Enrich: {@code papers-unique} → {@code papers-enriched}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_UNIQUE}: key paperId, value {@link UniquePaper}.
 *   <li>Output {@link Topics#PAPERS_ENRICHED}: key paperId, value {@link EnrichedPaper} (topics
 *       from the taxonomy, keyphrases, the paper's own name, code links, dataset mentions, word
 *       count).
 *   <li>Store {@link StoreNames#KEYPHRASE_FREQUENCIES} (changelogged): the document frequencies of
 *       keyphrase candidates over the papers this task enriched, read to rank a paper's keyphrases
 *       by specificity, then updated with it. A paper's keyphrases thus depend on the papers before
 *       it in its partition (see README, "Enrichment quality", for how much); a restart restores
 *       the store with the committed offsets, so a replay ranks as the first run.
 * </ul>
 */
public final class EnrichTopology {
  private EnrichTopology() {}

  /** The store of keyphrase document frequencies, changelogged (the default of a store). */
  static StoreBuilder<KeyValueStore<String, Long>> frequenciesStore() {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.KEYPHRASE_FREQUENCIES),
        Serdes.String(),
        Serdes.Long());
  }

  private record EnrichSupplier(PaperEnricher enricher, Clock clock)
      implements FixedKeyProcessorSupplier<String, UniquePaper, EnrichedPaper> {
    @Override
    public FixedKeyProcessor<String, UniquePaper, EnrichedPaper> get() {
      return new FixedKeyProcessor<>() {
        private FixedKeyProcessorContext<String, EnrichedPaper> context;
        private CorpusFrequencies corpus;

        @Override
        public void init(FixedKeyProcessorContext<String, EnrichedPaper> context) {
          this.context = context;
          this.corpus =
              new StoreCorpusFrequencies(context.getStateStore(StoreNames.KEYPHRASE_FREQUENCIES));
        }

        @Override
        public void process(FixedKeyRecord<String, UniquePaper> record) {
          context.forward(
              record.withValue(enricher.enrich(record.value(), clock.instant(), corpus)));
        }
      };
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
      return Set.of(frequenciesStore());
    }
  }

  /** The enrich topology alone. */
  public static Topology build(
      PaperEnricher enricher,
      Clock clock,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<EnrichedPaper> enrichedSerde) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, enricher, clock, uniquePaperSerde, enrichedSerde);
    return builder.build();
  }

  /** Adds the enrich sub-topology, reading {@code papers-unique}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      PaperEnricher enricher,
      Clock clock,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<EnrichedPaper> enrichedSerde) {
    enrich(
        builder.stream(
            Topics.PAPERS_UNIQUE,
            Consumed.with(Serdes.String(), uniquePaperSerde).withName("papers-unique-source")),
        enricher,
        clock,
        enrichedSerde);
  }

  /**
   * Enriches {@code unique} (the papers of {@code papers-unique}) and writes them to {@code
   * papers-enriched}.
   *
   * @return the enriched papers, for a stage that runs in the same sub-topology
   */
  public static KStream<String, EnrichedPaper> enrich(
      KStream<String, UniquePaper> unique,
      PaperEnricher enricher,
      Clock clock,
      Serde<EnrichedPaper> enrichedSerde) {
    KStream<String, EnrichedPaper> enriched =
        unique.processValues(
            new EnrichSupplier(enricher, clock), Named.as(StoreNames.ENRICH_PROCESSOR));
    enriched.to(
        Topics.PAPERS_ENRICHED,
        Produced.with(Serdes.String(), enrichedSerde).withName("papers-enriched-sink"));
    return enriched;
  }
}
