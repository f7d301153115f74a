package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.AnalyticsSerdes;
import dev.paperspipeline.streams.StoreNames;
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
 * The analytics app's topology: the outputs of issue #14, read from the pipeline's output topics
 * and run as a Kafka Streams application of its own ({@code <pipeline app id>-analytics}), so that
 * a new analysis never touches the state or the offsets of the pipeline.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_ENRICHED} (topics, keyphrases, digest date, title), read once
 *       and shared by every part; each paper becomes one {@link TrendHit} per kind, repartitioned
 *       ({@link StoreNames#ANALYTICS_REPARTITION}) by kind so that all windows of a kind, with
 *       their baselines, meet in one task. Papers outside the trends retention or skew are skipped
 *       here (sensor {@code analytics/skipped-out-of-range-records}): the trends stage already
 *       dead-letters them.
 *   <li>Input {@link Topics#PAPER_SIGHTINGS} into the global store {@link
 *       StoreNames#ANALYTICS_SIGHTINGS} (paperId → sightings), to rank the papers a record names.
 *   <li>{@link BurstsTopology}: {@link Topics#TOPIC_BURSTS}.
 *   <li>{@link EmergingPhrasesTopology}: {@link Topics#EMERGING_PHRASES}.
 * </ul>
 */
public final class AnalyticsTopology {
  private AnalyticsTopology() {}

  /** The analytics topology. */
  public static Topology build(AnalyticsOptions options, AnalyticsSerdes serdes) {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, EnrichedPaper> enriched =
        builder.stream(
            Topics.PAPERS_ENRICHED,
            Consumed.with(Serdes.String(), serdes.enrichedPaper())
                .withName("analytics-papers-enriched-source"));
    addSightings(builder, serdes);
    KStream<String, TrendHit> hits = hits(enriched, options);

    BurstsTopology.addTo(builder, hits, options, serdes.topicBurst());
    EmergingPhrasesTopology.addTo(builder, hits, options, serdes.emergingPhrase());
    // The other #14 outputs (StayingPowerTopology, OpenCodeShareTopology, DigestHealthTopology)
    // are added here with their addTo(builder, ...): reuse `enriched` rather than a second
    // builder.stream(papers-enriched), which a StreamsBuilder refuses.

    return builder.build();
  }

  /** paper-sightings → the global sightings store (paperId → sightings). */
  static void addSightings(StreamsBuilder builder, AnalyticsSerdes serdes) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.ANALYTICS_SIGHTINGS),
                Serdes.String(),
                Serdes.Integer())
            .withLoggingDisabled(), // a global store is restored from its source topic
        Topics.PAPER_SIGHTINGS,
        Consumed.with(Serdes.String(), serdes.uniquePaper())
            .withName(StoreNames.ANALYTICS_SIGHTINGS_PROCESSOR + "-source"),
        () ->
            new Processor<String, UniquePaper, Void, Void>() {
              private KeyValueStore<String, Integer> store;

              @Override
              public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(StoreNames.ANALYTICS_SIGHTINGS);
              }

              @Override
              public void process(Record<String, UniquePaper> record) {
                if (record.key() == null) {
                  return;
                }
                store.put(
                    record.key(), record.value() == null ? null : record.value().getSightings());
              }
            });
  }

  /** Each enriched paper in range as one hit per kind, repartitioned by kind. */
  static KStream<String, TrendHit> hits(
      KStream<String, EnrichedPaper> enriched, AnalyticsOptions options) {
    return enriched
        .process(() -> new HitsProcessor(options), Named.as(StoreNames.ANALYTICS_HITS))
        .repartition(
            Repartitioned.with(Serdes.String(), new TrendHit.TrendHitSerde())
                .withName(StoreNames.ANALYTICS_REPARTITION));
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

    HitsProcessor(AnalyticsOptions options) {
      this.gate = new EventTimeGate(options.trends().retention(), options.trends().maxSkew());
    }

    @Override
    public void init(ProcessorContext<String, TrendHit> context) {
      this.context = context;
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
