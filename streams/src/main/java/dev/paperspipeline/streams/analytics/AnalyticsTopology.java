package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Contracts;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.TopicSerdes;
import dev.paperspipeline.streams.trends.CountedDates;
import dev.paperspipeline.streams.trends.EventTimeGate;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics app's topology: its output topics ({@link Topics.Owner#ANALYTICS}), read from the
 * pipeline's output topics and run as a Kafka Streams application of its own ({@code <pipeline app
 * id>-analytics}), so that a new analysis never touches the state or the offsets of the pipeline.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_ENRICHED} (topics, keyphrases, digest date, title), read once
 *       and shared by every part; each paper becomes one {@link TrendHit} per kind, repartitioned
 *       ({@link StoreNames#ANALYTICS_REPARTITION}) by kind so that all windows of a kind, with
 *       their baselines, meet in one task. Papers outside the trends retention or skew are skipped
 *       here (sensor {@code analytics/skipped-out-of-range-records}): the trends stage already
 *       dead-letters them.
 *   <li>Input {@link Topics#PAPER_SIGHTINGS}, read once: into the store {@link
 *       StoreNames#ANALYTICS_SIGHTINGS} (paperId → sightings, repartitioned to the hits' single
 *       partition), to rank the papers a record names; and into staying power.
 *   <li>Input {@link Topics#DIGEST_FILES}, into input health.
 *   <li>{@link BurstsTopology}: {@link Topics#TOPIC_BURSTS}.
 *   <li>{@link EmergingPhrasesTopology}: {@link Topics#EMERGING_PHRASES}.
 *   <li>{@link OpenCodeShareTopology}: {@link Topics#OPEN_CODE_SHARE}.
 *   <li>{@link StayingPowerTopology}: {@link Topics#STAYING_POWER}.
 *   <li>{@link DigestHealthTopology}: {@link Topics#DIGEST_HEALTH}.
 * </ul>
 */
public final class AnalyticsTopology {
  private AnalyticsTopology() {}

  /** The analytics topology. */
  public static Topology build(AnalyticsOptions options, TopicSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, EnrichedPaper> enriched =
        builder.stream(
            Topics.PAPERS_ENRICHED,
            Consumed.with(Serdes.String(), serdes.of(Contracts.PAPERS_ENRICHED))
                .withName(NodeNames.ANALYTICS_PAPERS_ENRICHED_SOURCE));
    KStream<String, PaperSighting> sightings =
        builder.stream(
            Topics.PAPER_SIGHTINGS,
            Consumed.with(Serdes.String(), serdes.of(Contracts.PAPER_SIGHTINGS))
                .withName(NodeNames.ANALYTICS_PAPER_SIGHTINGS_SOURCE));
    addSightings(builder, sightings);
    KStream<String, TrendHit> hits = hits(builder, enriched, options);

    BurstsTopology.addTo(builder, hits, options, serdes.of(Contracts.TOPIC_BURSTS));
    EmergingPhrasesTopology.addTo(builder, hits, options, serdes.of(Contracts.EMERGING_PHRASES));
    OpenCodeShareTopology.addTo(
        builder, enriched, options.trends(), serdes.of(Contracts.OPEN_CODE_SHARE));
    StayingPowerTopology.addTo(
        builder, sightings, options.trends(), serdes.of(Contracts.STAYING_POWER));
    DigestHealthTopology.addTo(
        builder,
        DigestHealthOptions.defaults(),
        serdes.of(Contracts.DIGEST_FILES),
        serdes.of(Contracts.DIGEST_HEALTH));

    return builder.build();
  }

  /**
   * paper-sightings → the sightings store (paperId → sightings), on one partition like the hits.
   *
   * <p>Why not a global store: a topic can be the source of a global store or of a stream in one
   * topology, not both, and staying power reads paper-sightings as a stream. With the hits and the
   * sightings both repartitioned to one partition, the bursts and emerging-phrases processors and
   * this writer share one task, so the store is local, changelogged, and always the latest count.
   */
  static void addSightings(StreamsBuilder builder, KStream<String, PaperSighting> sightings) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.ANALYTICS_SIGHTINGS),
            Serdes.String(),
            Serdes.Integer()));
    sightings
        .filter(
            (k, v) -> k != null && v != null,
            Named.as(StoreNames.ANALYTICS_SIGHTINGS_PROCESSOR + "-not-null"))
        .mapValues(
            PaperSighting::getSightings,
            Named.as(StoreNames.ANALYTICS_SIGHTINGS_PROCESSOR + "-count"))
        .repartition(
            Repartitioned.with(Serdes.String(), Serdes.Integer())
                .withName(StoreNames.ANALYTICS_SIGHTINGS_REPARTITION)
                .withNumberOfPartitions(1))
        .process(
            () ->
                new Processor<String, Integer, Void, Void>() {
                  private KeyValueStore<String, Integer> store;

                  @Override
                  public void init(ProcessorContext<Void, Void> context) {
                    store = context.getStateStore(StoreNames.ANALYTICS_SIGHTINGS);
                  }

                  @Override
                  public void process(Record<String, Integer> record) {
                    store.put(record.key(), record.value());
                  }
                },
            Named.as(StoreNames.ANALYTICS_SIGHTINGS_PROCESSOR),
            StoreNames.ANALYTICS_SIGHTINGS);
  }

  /**
   * Each enriched paper in range as one hit per kind, repartitioned by kind; a paper counted on a
   * later day before ({@link CountedDates}) is first retracted from it, one already counted on an
   * earlier day gives no hit.
   */
  static KStream<String, TrendHit> hits(
      StreamsBuilder builder, KStream<String, EnrichedPaper> enriched, AnalyticsOptions options) {
    builder.addStateStore(
        CountedDates.storeBuilder(
            StoreNames.ANALYTICS_COUNTED_DATES, options.trends().retention()));
    return enriched
        .process(
            () -> new HitsProcessor(options),
            Named.as(StoreNames.ANALYTICS_HITS),
            StoreNames.ANALYTICS_COUNTED_DATES)
        .repartition(
            Repartitioned.with(Serdes.String(), new TrendHit.TrendHitSerde())
                .withName(StoreNames.ANALYTICS_REPARTITION)
                .withNumberOfPartitions(1));
  }

  /** Event time of a paper: its digest date at midnight UTC, else the record's timestamp. */
  static long eventTime(EnrichedPaper paper, long timestampMs) {
    return paper.getDigestDate() != null
        ? paper.getDigestDate().toEpochDay() * TrendWindow.DAY_MS
        : timestampMs;
  }

  private static final class HitsProcessor
      implements Processor<String, EnrichedPaper, String, TrendHit> {
    private final EventTimeGate gate;
    private ProcessorContext<String, TrendHit> context;
    private Sensor skipped;
    private CountedDates dates;

    HitsProcessor(AnalyticsOptions options) {
      this.gate = new EventTimeGate(options.trends().retention(), options.trends().maxSkew());
    }

    @Override
    public void init(ProcessorContext<String, TrendHit> context) {
      this.context = context;
      this.dates = new CountedDates(context.getStateStore(StoreNames.ANALYTICS_COUNTED_DATES));
      this.skipped =
          context
              .metrics()
              .addRateTotalSensor(
                  "analytics",
                  context.taskId().toString(),
                  "skipped-out-of-range-records",
                  Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, EnrichedPaper> record) {
      EnrichedPaper paper = record.value();
      if (paper == null) {
        return;
      }
      long eventTime = eventTime(paper, record.timestamp());
      if (gate.reject(eventTime, context.currentSystemTimeMs()) != null) {
        skipped.record();
        return;
      }
      String id = record.key() != null ? record.key() : paper.getPaperId();
      CountedDates.Move move = dates.observe(id, eventTime);
      if (move == CountedDates.Move.LATER) {
        return; // counted on its earlier date already
      }
      if (move == CountedDates.Move.EARLIER) {
        for (TrendKind kind : TrendKind.values()) {
          context.forward(
              record
                  .withKey(kind.name())
                  .withValue(TrendHit.retract(kind, dates.previous(), id, paper.getTitle())));
        }
      }
      for (TrendKind kind : TrendKind.values()) {
        List<String> names = kind == TrendKind.TOPIC ? paper.getTopics() : paper.getKeyphrases();
        if (!names.isEmpty()) {
          context.forward(
              record
                  .withKey(kind.name())
                  .withValue(
                      new TrendHit(kind, eventTime, id, paper.getTitle(), List.copyOf(names))));
        }
      }
    }
  }
}
