package dev.paperspipeline.streams.dedupe;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Dedupe: {@code papers-raw} → {@code papers-unique} and {@code paper-sightings}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_RAW}: key paperId, value {@link PaperEvent}. Already keyed and
 *       so co-partitioned by paperId: no repartition.
 *   <li>Output {@link Topics#PAPERS_UNIQUE}: key paperId, value {@link UniquePaper} with {@code
 *       sightings=1}, once per paper per dedupe horizon (at its first sighting), and again, as a
 *       revision, whenever a sighting read later is dated earlier than every sighting before it
 *       (its firstDigestDate moves earlier; title, abstract and firstLineage are then those of that
 *       earliest digest).
 *   <li>Output {@link Topics#PAPER_SIGHTINGS} (compacted): key paperId, value {@link PaperSighting}
 *       (the summary, no abstract) with updated sightings, digest dates and lastSeenAt, at every
 *       sighting.
 *   <li>Store {@link StoreNames#DEDUPE_SIGHTINGS}: window store (paperId → PaperSighting, the
 *       summary without the abstract), retention = horizon. The horizon runs on record timestamps
 *       of papers-raw (ingest time), from a paper's first sighting. Its changelog holds UniquePaper
 *       values in deployments that predate the lean store; they read as PaperSighting (the schema
 *       aliases UniquePaper, and the registry serde resolves the writer schema by its id).
 *   <li>Global store {@link StoreNames#PAPERS} (added by {@link #addPapersStore} in the app that
 *       serves the dashboard): papers-unique itself (compacted, so it is a table of papers) as raw
 *       record bytes, for the dashboard's paper details (abstract, code links). Its source topic is
 *       its changelog: the abstract is written once, to papers-unique.
 * </ul>
 */
public final class DedupeTopology {
  /** Default dedupe horizon. */
  public static final Duration DEFAULT_HORIZON = Duration.ofDays(90);

  private DedupeTopology() {}

  /** The dedupe topology alone. */
  public static Topology build(
      Duration horizon,
      Serde<PaperEvent> paperEventSerde,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<PaperSighting> paperSightingSerde) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, horizon, paperEventSerde, uniquePaperSerde, paperSightingSerde);
    return builder.build();
  }

  /**
   * Adds the dedupe sub-topology to {@code builder}.
   *
   * @return the first sightings, as written to {@code papers-unique}, for a stage that runs in the
   *     same sub-topology
   */
  public static KStream<String, UniquePaper> addTo(
      StreamsBuilder builder,
      Duration horizon,
      Serde<PaperEvent> paperEventSerde,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<PaperSighting> paperSightingSerde) {
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(StoreNames.DEDUPE_SIGHTINGS, horizon, horizon, false),
            Serdes.String(),
            paperSightingSerde));

    KStream<String, SpecificRecord> out =
        builder.stream(
                Topics.PAPERS_RAW,
                Consumed.with(Serdes.String(), paperEventSerde)
                    .withName(NodeNames.source(Topics.PAPERS_RAW)))
            .process(
                () -> new DedupeProcessor(StoreNames.DEDUPE_SIGHTINGS, horizon),
                Named.as(StoreNames.DEDUPE_PROCESSOR),
                StoreNames.DEDUPE_SIGHTINGS);

    out.filter((id, v) -> v instanceof PaperSighting, Named.as(NodeNames.DEDUPE_SIGHTINGS.filter()))
        .mapValues(v -> (PaperSighting) v, Named.as(NodeNames.DEDUPE_SIGHTINGS.cast()))
        .to(
            Topics.PAPER_SIGHTINGS,
            Produced.with(Serdes.String(), paperSightingSerde)
                .withName(NodeNames.sink(Topics.PAPER_SIGHTINGS)));
    KStream<String, UniquePaper> firstSightings =
        out.filter(
                (id, v) -> v instanceof UniquePaper,
                Named.as(NodeNames.DEDUPE_FIRST_SIGHTINGS.filter()))
            .mapValues(v -> (UniquePaper) v, Named.as(NodeNames.DEDUPE_FIRST_SIGHTINGS.cast()));
    firstSightings.to(
        Topics.PAPERS_UNIQUE,
        Produced.with(Serdes.String(), uniquePaperSerde)
            .withName(NodeNames.sink(Topics.PAPERS_UNIQUE)));
    return firstSightings;
  }

  /**
   * Adds the global store {@link StoreNames#PAPERS}: every papers-unique record's bytes by paperId,
   * decoded only when the dashboard looks a paper up. A global store because the dashboard serves a
   * paper's details from the instance that owns its dedupe partition, which need not own the same
   * papers-unique partition; it restores from papers-unique, so it has no changelog of its own.
   */
  public static void addPapersStore(StreamsBuilder builder) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PAPERS),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        Topics.PAPERS_UNIQUE,
        Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName(NodeNames.source(StoreNames.PAPERS)),
        () -> new PaperStoreWriter(StoreNames.PAPERS));
  }

  /** Puts each papers-unique record into the papers store as it is (a tombstone deletes). */
  private static final class PaperStoreWriter implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private KeyValueStore<String, byte[]> store;

    PaperStoreWriter(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() != null) {
        store.put(record.key(), record.value());
      }
    }
  }
}
