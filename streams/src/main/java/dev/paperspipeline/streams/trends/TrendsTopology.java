package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.DeadLetters;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trends: {@code papers-enriched} → {@code topic-trends} and {@code trending-topics}.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_ENRICHED}: key paperId, value {@link EnrichedPaper}; event time
 *       = digest date at midnight UTC, or the record timestamp when the digest date is unknown. The
 *       event time lives in the hits, never in record timestamps: a backfill of old digests would
 *       otherwise write output records that time-based retention deletes at once, and a date ahead
 *       of the broker's clock would be rejected.
 *   <li>Each paper becomes one hit per kind (TOPIC, KEYPHRASE), repartitioned ({@link
 *       StoreNames#TRENDS_REPARTITION}) by kind so that every window of one kind, its previous
 *       window (for growth), its whole top N, and the papers counted in it, are in one task. That
 *       caps the trends parallelism at two tasks, ample for a daily digest.
 *   <li>Output {@link Topics#TOPIC_TRENDS}: key {@code <kind>:<name>@<window>:<start ISO date>},
 *       value {@link TopicTrend}; the latest count (final=false) of every trend whose count
 *       changed, once per {@code commit.interval.ms} (as a cached {@code KTable} emits), a final
 *       record (final=true) when the window closes, even without new input, and a revision
 *       (final=true, revision+1) when a late paper changes a closed window.
 *   <li>Output {@link Topics#TRENDING_TOPICS}: key {@code <kind>@<window>:<start ISO date>}, value
 *       {@link TrendingTopics}: the top N with growth against the previous window (like for like
 *       while {@code partial}), once per interval when it changed, final on close, revised after.
 *   <li>Output {@link Topics#DEAD_LETTER}: papers whose digest date is older than the retention or
 *       more than the skew ahead of the wall clock ({@link TrendsOptions}); they are not counted.
 *   <li>A paper read again with an earlier digest date (a revision of papers-unique) moves: the
 *       hits processor remembers the date each paper counts on ({@link
 *       StoreNames#TREND_COUNTED_DATES}, {@link CountedDates}) and sends a retraction for the old
 *       day before the paper's hits; a later date gives no hit. So a paper counts once, on its
 *       earliest digest date, whatever the order digests arrive in.
 *   <li>Stores (queryable): {@link StoreNames#TREND_COUNTS}, {@link StoreNames#TREND_MEMBERS},
 *       {@link StoreNames#TRENDING}, {@link StoreNames#TREND_OPEN_WINDOWS}, {@link
 *       StoreNames#TRENDS_DIRTY_WINDOWS}.
 * </ul>
 */
public final class TrendsTopology {
  private static final Logger log = LoggerFactory.getLogger(TrendsTopology.class);

  private TrendsTopology() {}

  /** The trends topology alone. */
  public static Topology build(
      TrendsOptions options,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<TopicTrend> trendSerde,
      Serde<TrendingTopics> trendingSerde) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, options, enrichedSerde, trendSerde, trendingSerde);
    return builder.build();
  }

  /** Adds the trends sub-topology, reading {@code papers-enriched}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      TrendsOptions options,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<TopicTrend> trendSerde,
      Serde<TrendingTopics> trendingSerde) {
    addFrom(
        builder,
        builder.stream(
            Topics.PAPERS_ENRICHED,
            Consumed.with(Serdes.String(), enrichedSerde)
                .withName(NodeNames.source(Topics.PAPERS_ENRICHED))),
        options,
        trendSerde,
        trendingSerde);
  }

  /**
   * Adds the trends sub-topology fed by {@code enriched} (the papers of {@code papers-enriched},
   * from that topic or from a stage in the same sub-topology), writing {@code topic-trends} and
   * {@code trending-topics}. Hits carry their event time (the digest date) in their value, whatever
   * the input's timestamps.
   */
  public static void addFrom(
      StreamsBuilder builder,
      KStream<String, EnrichedPaper> enriched,
      TrendsOptions options,
      Serde<TopicTrend> trendSerde,
      Serde<TrendingTopics> trendingSerde) {
    // The processor writes counts and rankings behind, once per interval (TrendsProcessor): no
    // store cache, whose LRU would only hold a second copy of them.
    // No changelog for the counts: they follow from the membership, and their changelog doubled the
    // records trends writes (each changed count went to it and to topic-trends). The processor
    // rebuilds them from the membership when the store may not match it (TrendsProcessor).
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.TREND_COUNTS),
                Serdes.String(),
                trendSerde)
            .withLoggingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.TREND_MEMBERS),
            Serdes.String(),
            WindowMembership.serde(StoreNames.TREND_MEMBERS)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.TREND_OPEN_WINDOWS),
            Serdes.String(),
            Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.TRENDING), Serdes.String(), trendingSerde));
    // Written once per window between two emissions, and emptied by each: a cache absorbs both.
    // In memory (restored from its changelog after a crash): a RocksDB store would flush a
    // memtable at every commit for these few short-lived keys.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.TRENDS_DIRTY_WINDOWS),
                Serdes.String(),
                Serdes.String())
            .withCachingEnabled());

    builder.addStateStore(
        CountedDates.storeBuilder(StoreNames.TREND_COUNTED_DATES, options.retention()));
    KStream<String, Object> gated =
        enriched.process(
            () -> new HitsProcessor(options),
            Named.as(StoreNames.TRENDS_HITS),
            StoreNames.TREND_COUNTED_DATES);
    gated
        .filter((k, v) -> v instanceof byte[], Named.as(NodeNames.TRENDS_OUT_OF_RANGE.filter()))
        .mapValues(v -> (byte[]) v, Named.as(NodeNames.TRENDS_OUT_OF_RANGE.cast()))
        .to(
            Topics.DEAD_LETTER,
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName(NodeNames.TRENDS_DEAD_LETTER_SINK));
    KStream<String, org.apache.avro.specific.SpecificRecord> results =
        gated
            .filter((k, v) -> v instanceof TrendHit, Named.as(NodeNames.TRENDS_HITS.filter()))
            .mapValues(v -> (TrendHit) v, Named.as(NodeNames.TRENDS_HITS.cast()))
            .repartition(
                Repartitioned.with(Serdes.String(), new TrendHit.TrendHitSerde())
                    .withName(StoreNames.TRENDS_REPARTITION))
            .process(
                () -> new TrendsProcessor(options),
                Named.as(StoreNames.TRENDS_PROCESSOR),
                StoreNames.TREND_COUNTS,
                StoreNames.TREND_MEMBERS,
                StoreNames.TREND_OPEN_WINDOWS,
                StoreNames.TRENDING,
                StoreNames.TRENDS_DIRTY_WINDOWS);

    results
        .filter((k, v) -> v instanceof TopicTrend, Named.as(NodeNames.TRENDS_COUNTS.filter()))
        .mapValues(v -> (TopicTrend) v, Named.as(NodeNames.TRENDS_COUNTS.cast()))
        .to(
            Topics.TOPIC_TRENDS,
            Produced.with(Serdes.String(), trendSerde)
                .withName(NodeNames.sink(Topics.TOPIC_TRENDS)));
    results
        .filter((k, v) -> v instanceof TrendingTopics, Named.as(NodeNames.TRENDS_TOP.filter()))
        .mapValues(v -> (TrendingTopics) v, Named.as(NodeNames.TRENDS_TOP.cast()))
        .to(
            Topics.TRENDING_TOPICS,
            Produced.with(Serdes.String(), trendingSerde)
                .withName(NodeNames.sink(Topics.TRENDING_TOPICS)));
  }

  /**
   * Turns each enriched paper into its hits, keyed for the repartition; a paper outside the
   * retention or from the future ({@link EventTimeGate}) becomes instead a serialized DeadLetter
   * for papers-dead-letter (key: paperId), and is counted in a sensor. A paper already counted on a
   * later day ({@link CountedDates}: a revision of papers-unique after an earlier digest was read
   * late) is first retracted from that day, one retraction hit per kind; one already counted on an
   * earlier day gives no hit.
   */
  private static final class HitsProcessor
      implements Processor<String, EnrichedPaper, String, Object> {
    private final EventTimeGate gate;
    private ProcessorContext<String, Object> context;
    private Serializer<DeadLetter> deadLetters;
    private Sensor droppedExpired;
    private Sensor droppedFuture;
    private Sensor moved;
    private CountedDates dates;

    HitsProcessor(TrendsOptions options) {
      this.gate = new EventTimeGate(options.retention(), options.maxSkew());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
      this.context = context;
      this.dates = new CountedDates(context.getStateStore(StoreNames.TREND_COUNTED_DATES));
      String task = context.taskId().toString();
      this.moved =
          context
              .metrics()
              .addRateTotalSensor(
                  "trends", task, "moved-earlier-records", Sensor.RecordingLevel.INFO);
      this.droppedExpired =
          context
              .metrics()
              .addRateTotalSensor(
                  "trends", task, "dropped-expired-records", Sensor.RecordingLevel.INFO);
      this.droppedFuture =
          context
              .metrics()
              .addRateTotalSensor(
                  "trends", task, "dropped-future-records", Sensor.RecordingLevel.INFO);
    }

    @Override
    public void process(Record<String, EnrichedPaper> record) {
      EnrichedPaper paper = record.value();
      if (paper == null) {
        return;
      }
      long wall = context.currentSystemTimeMs();
      String reason = gate.reject(eventTime(paper, record.timestamp()), wall);
      if (reason != null) {
        deadLetter(record, paper, reason, wall);
        return;
      }
      String id = record.key() != null ? record.key() : paper.getPaperId();
      CountedDates.Move move = dates.observe(id, eventTime(paper, record.timestamp()));
      if (move == CountedDates.Move.LATER) {
        return; // counted on its earlier date already
      }
      if (move == CountedDates.Move.EARLIER) {
        moved.record();
        for (TrendKind kind : TrendKind.values()) {
          context.forward(
              record
                  .withKey(TrendKeys.partition(kind))
                  .withValue(TrendHit.retract(kind, dates.previous(), id, paper.getTitle())));
        }
      }
      for (KeyValue<String, TrendHit> hit : hits(paper, record.key(), record.timestamp())) {
        context.forward(record.withKey(hit.key).withValue(hit.value));
      }
    }

    private void deadLetter(
        Record<String, EnrichedPaper> record, EnrichedPaper paper, String reason, long wall) {
      (EventTimeGate.isFuture(reason) ? droppedFuture : droppedExpired).record();
      log.warn("{} (paper {}); sent to {}", reason, paper.getPaperId(), Topics.DEAD_LETTER);
      if (deadLetters == null) {
        deadLetters = DeadLetters.serializer(context.appConfigs());
      }
      byte[] raw = paper.toString().getBytes(StandardCharsets.UTF_8);
      boolean truncated = raw.length > MAX_RAW_BYTES;
      DeadLetter.Builder letter =
          DeadLetter.newBuilder()
              .setStage("STREAMS_PROCESSING")
              .setReason(reason)
              .setRaw(ByteBuffer.wrap(truncated ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw))
              .setRawSize(raw.length)
              .setTruncated(truncated)
              .setFailedAt(Instant.ofEpochMilli(wall));
      context
          .recordMetadata()
          .ifPresent(
              m ->
                  letter
                      .setSourceTopic(m.topic())
                      .setSourcePartition(m.partition())
                      .setSourceOffset(m.offset()));
      byte[] value = deadLetters.serialize(Topics.DEAD_LETTER, letter.build());
      context.forward(record.withKey(paper.getPaperId()).withValue(value));
    }
  }

  private static final int MAX_RAW_BYTES = 64 * 1024;

  /** Event time of a paper: its digest date at midnight UTC, else {@code timestampMs}. */
  static long eventTime(EnrichedPaper paper, long timestampMs) {
    return paper.getDigestDate() != null
        ? paper.getDigestDate().toEpochDay() * TrendWindow.DAY_MS
        : timestampMs;
  }

  /**
   * The hits of one paper: one per kind (each counts in the day and the week of the paper). Their
   * event time is the digest date at midnight UTC, or {@code timestampMs} (the record's) when the
   * digest date is unknown.
   */
  static List<KeyValue<String, TrendHit>> hits(
      EnrichedPaper paper, String paperId, long timestampMs) {
    if (paper == null) {
      return List.of();
    }
    long eventTime = eventTime(paper, timestampMs);
    String id = paperId != null ? paperId : paper.getPaperId();
    List<KeyValue<String, TrendHit>> out = new ArrayList<>(2);
    for (TrendKind kind : TrendKind.values()) {
      List<String> names = kind == TrendKind.TOPIC ? paper.getTopics() : paper.getKeyphrases();
      if (names.isEmpty()) {
        continue;
      }
      out.add(
          KeyValue.pair(
              TrendKeys.partition(kind),
              new TrendHit(kind, eventTime, id, paper.getTitle(), List.copyOf(names))));
    }
    return out;
  }
}
