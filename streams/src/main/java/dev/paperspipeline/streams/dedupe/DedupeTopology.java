package dev.paperspipeline.streams.dedupe;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
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
import org.apache.kafka.streams.state.Stores;

/**
 * Dedupe: {@code papers-raw} → {@code papers-unique} and {@code paper-sightings}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_RAW}: key paperId, value {@link PaperEvent}. Already keyed and
 *       so co-partitioned by paperId: no repartition.
 *   <li>Output {@link Topics#PAPERS_UNIQUE}: key paperId, value {@link UniquePaper} with {@code
 *       sightings=1}, once per paper per dedupe horizon (at its first sighting).
 *   <li>Output {@link Topics#PAPER_SIGHTINGS} (compacted): key paperId, value {@link PaperSighting}
 *       (the summary, no abstract) with updated sightings, digest dates and lastSeenAt, at every
 *       sighting.
 *   <li>Store {@link StoreNames#DEDUPE_SIGHTINGS}: window store (paperId → UniquePaper), retention
 *       = horizon. The horizon runs on record timestamps of papers-raw (ingest time), from a
 *       paper's first sighting.
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
            uniquePaperSerde));

    KStream<String, SpecificRecord> out =
        builder.stream(
                Topics.PAPERS_RAW,
                Consumed.with(Serdes.String(), paperEventSerde).withName("papers-raw-source"))
            .process(
                () -> new DedupeProcessor(StoreNames.DEDUPE_SIGHTINGS, horizon),
                Named.as(StoreNames.DEDUPE_PROCESSOR),
                StoreNames.DEDUPE_SIGHTINGS);

    out.filter((id, v) -> v instanceof PaperSighting, Named.as("dedupe-sightings"))
        .mapValues(v -> (PaperSighting) v, Named.as("dedupe-sightings-cast"))
        .to(
            Topics.PAPER_SIGHTINGS,
            Produced.with(Serdes.String(), paperSightingSerde).withName("paper-sightings-sink"));
    KStream<String, UniquePaper> firstSightings =
        out.filter((id, v) -> v instanceof UniquePaper, Named.as("dedupe-first-sightings"))
            .mapValues(v -> (UniquePaper) v, Named.as("dedupe-first-sightings-cast"));
    firstSightings.to(
        Topics.PAPERS_UNIQUE,
        Produced.with(Serdes.String(), uniquePaperSerde).withName("papers-unique-sink"));
    return firstSightings;
  }
}
