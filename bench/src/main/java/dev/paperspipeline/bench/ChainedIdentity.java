package dev.paperspipeline.bench;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The end-to-end ceiling: a Kafka Streams app with the shape of {@code PipelineTopology} whose
 * processors do no work. It reads {@code papers-raw}, writes the same sinks (paper-sightings at
 * every sighting, papers-unique and papers-enriched at first sightings), sends hits through a
 * repartition topic, and puts into stores of the same kinds (a window store per sighting, key-value
 * stores per hit) as many times, and with values as large, as a run of the pipeline did ({@link
 * Shape}, measured from that run's topics and changelogs). Values are the input bytes cut or
 * repeated to the measured size, so they compress like text; first sightings are told by an
 * in-memory set of keys, not a store. Records go out without headers (their bytes are in the
 * values). Like the pipeline, it reads papers-unique back into the global papers store, with the
 * pipeline's own code ({@link DedupeTopology#addPapersStore}): a store put per papers-unique
 * record.
 *
 * <p>Stores without a changelog leave nothing to measure, so they are written as the pipeline
 * writes them: the trend counts store, one put per {@code topic-trends} record (the pipeline drains
 * each changed count to both), of the same key and value.
 */
final class ChainedIdentity {
  private static final String HITS_REPARTITION = StoreNames.TRENDS_REPARTITION;

  private ChainedIdentity() {}

  /**
   * Records per input and average record size (key, value and framing, before compression) of one
   * sink or store changelog.
   */
  record Flow(double perInput, int recordBytes) {
    /** The value size that makes a record with this key as large as the measured ones. */
    int valueBytes(int keyBytes) {
      return Math.max(1, recordBytes - keyBytes - RECORD_FRAMING_BYTES);
    }
  }

  // length, attributes, timestamp and offset deltas, key and value lengths, header count (varints)
  private static final int RECORD_FRAMING_BYTES = 10;

  /**
   * What the pipeline wrote, per record of the processor that writes it: per sighting (dedupe
   * store, paper-sightings), per first sighting (papers-unique, papers-enriched, hits), per hit
   * (trend stores, topic-trends, trending-topics).
   */
  record Shape(
      Flow dedupeStore,
      Flow sightings,
      Flow unique,
      Flow enriched,
      Flow hits,
      Map<String, Flow> trendStores,
      Flow trendCounts,
      Flow trendRankings) {}

  static Topology build(Shape shape, Duration dedupeHorizon) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                StoreNames.DEDUPE_SIGHTINGS, dedupeHorizon, dedupeHorizon, false),
            Serdes.String(),
            Serdes.ByteArray()));
    DedupeTopology.addPapersStore(builder);
    List<String> trendStores = new ArrayList<>(shape.trendStores().keySet());
    for (String name : trendStores) {
      builder.addStateStore(trendStore(name));
    }
    List<String> counterStores = new ArrayList<>(trendStores);
    boolean unloggedCounts = !trendStores.contains(StoreNames.TREND_COUNTS);
    if (unloggedCounts) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(StoreNames.TREND_COUNTS),
                  Serdes.Bytes(),
                  Serdes.ByteArray())
              .withLoggingDisabled());
      counterStores.add(StoreNames.TREND_COUNTS);
    }
    KStream<String, byte[]> all =
        builder.stream(Topics.PAPERS_RAW, Consumed.with(Serdes.String(), Serdes.ByteArray()));
    KStream<String, Tagged> tagged =
        all.process(
            () -> new Sightings(shape), Named.as("identity-dedupe"), StoreNames.DEDUPE_SIGHTINGS);
    tagged
        .filter((k, v) -> v.sink() == Sink.SIGHTINGS)
        .mapValues(Tagged::value)
        .to(Topics.PAPER_SIGHTINGS, Produced.with(Serdes.String(), Serdes.ByteArray()));
    tagged
        .filter((k, v) -> v.sink() == Sink.UNIQUE)
        .mapValues(Tagged::value)
        .to(Topics.PAPERS_UNIQUE, Produced.with(Serdes.String(), Serdes.ByteArray()));
    tagged
        .filter((k, v) -> v.sink() == Sink.ENRICHED)
        .mapValues(Tagged::value)
        .to(Topics.PAPERS_ENRICHED, Produced.with(Serdes.String(), Serdes.ByteArray()));
    KStream<String, Tagged> counted =
        tagged
            .filter((k, v) -> v.sink() == Sink.HIT)
            .mapValues(Tagged::value)
            .repartition(
                Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(HITS_REPARTITION))
            .process(
                () -> new Counts(shape, trendStores, unloggedCounts),
                Named.as("identity-trends"),
                counterStores.toArray(String[]::new));
    counted
        .filter((k, v) -> v.sink() == Sink.TRENDS)
        .mapValues(Tagged::value)
        .to(Topics.TOPIC_TRENDS, Produced.with(Serdes.String(), Serdes.ByteArray()));
    counted
        .filter((k, v) -> v.sink() == Sink.TRENDING)
        .mapValues(Tagged::value)
        .to(Topics.TRENDING_TOPICS, Produced.with(Serdes.String(), Serdes.ByteArray()));
    return builder.build();
  }

  /** The topics the app consumes, for its lag. */
  static List<String> inputTopics(String applicationId) {
    return List.of(Topics.PAPERS_RAW, applicationId + "-" + HITS_REPARTITION + "-repartition");
  }

  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> trendStore(String name) {
    // as in TrendsTopology: the dirty-windows store in memory behind a cache, the rest in RocksDB
    if (name.equals(StoreNames.TRENDS_DIRTY_WINDOWS)) {
      return Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
          .withCachingEnabled();
    }
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
  }

  private enum Sink {
    SIGHTINGS,
    UNIQUE,
    ENRICHED,
    HIT,
    TRENDS,
    TRENDING
  }

  private record Tagged(Sink sink, byte[] value) {}

  /** {@code source} cut or repeated to {@code size} bytes. */
  static byte[] sized(byte[] source, int size) {
    byte[] out = new byte[size];
    if (source.length == 0) {
      return out;
    }
    for (int at = 0; at < size; at += source.length) {
      System.arraycopy(source, 0, out, at, Math.min(source.length, size - at));
    }
    return out;
  }

  /** Spreads a fractional rate over inputs: how many records this input gets. */
  private static final class Rate {
    private final double perInput;
    private double owed;

    Rate(double perInput) {
      this.perInput = perInput;
    }

    int next() {
      owed += perInput;
      int n = (int) owed;
      owed -= n;
      return n;
    }
  }

  private static final class Sightings implements Processor<String, byte[], String, Tagged> {
    private final Shape shape;
    private final Set<String> seen = new HashSet<>();
    private final Rate store;
    private final Rate sightings;
    private final Rate unique;
    private final Rate enriched;
    private final Rate hits;
    private ProcessorContext<String, Tagged> context;
    private WindowStore<String, byte[]> windows;
    private long hitNumber;

    Sightings(Shape shape) {
      this.shape = shape;
      this.store = new Rate(shape.dedupeStore().perInput());
      this.sightings = new Rate(shape.sightings().perInput());
      this.unique = new Rate(shape.unique().perInput());
      this.enriched = new Rate(shape.enriched().perInput());
      this.hits = new Rate(shape.hits().perInput());
    }

    @Override
    public void init(ProcessorContext<String, Tagged> context) {
      this.context = context;
      this.windows = context.getStateStore(StoreNames.DEDUPE_SIGHTINGS);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      byte[] in = record.value() == null ? new byte[0] : record.value();
      // a window-store key: the paper id, the window start and a sequence number
      int windowKeyBytes = record.key().length() + 12;
      for (int i = store.next(); i > 0; i--) {
        windows.put(
            record.key(),
            sized(in, shape.dedupeStore().valueBytes(windowKeyBytes)),
            record.timestamp());
      }
      forward(record, Sink.SIGHTINGS, sightings, shape.sightings(), in);
      if (seen.add(record.key())) {
        forward(record, Sink.UNIQUE, unique, shape.unique(), in);
        forward(record, Sink.ENRICHED, enriched, shape.enriched(), in);
        for (int i = hits.next(); i > 0; i--) {
          // two repartition keys, as the hits of the two trend kinds
          String key = (hitNumber++ & 1) == 0 ? "TOPIC" : "KEYPHRASE";
          byte[] value = sized(in, shape.hits().valueBytes(key.length()));
          context.forward(new Record<>(key, new Tagged(Sink.HIT, value), record.timestamp()));
        }
      }
    }

    private void forward(
        Record<String, byte[]> record, Sink sink, Rate rate, Flow flow, byte[] in) {
      for (int i = rate.next(); i > 0; i--) {
        byte[] value = sized(in, flow.valueBytes(record.key().length()));
        context.forward(new Record<>(record.key(), new Tagged(sink, value), record.timestamp()));
      }
    }
  }

  private static final class Counts implements Processor<String, byte[], String, Tagged> {
    private final Shape shape;
    private final List<String> storeNames;
    private final List<KeyValueStore<Bytes, byte[]>> stores = new ArrayList<>();
    private final List<Rate> storeRates = new ArrayList<>();
    private final Rate trends;
    private final Rate trending;
    private final boolean unloggedCounts;
    private KeyValueStore<Bytes, byte[]> counts;
    private ProcessorContext<String, Tagged> context;
    private long keyNumber;

    Counts(Shape shape, List<String> storeNames, boolean unloggedCounts) {
      this.shape = shape;
      this.storeNames = storeNames;
      this.unloggedCounts = unloggedCounts;
      for (String name : storeNames) {
        storeRates.add(new Rate(shape.trendStores().get(name).perInput()));
      }
      this.trends = new Rate(shape.trendCounts().perInput());
      this.trending = new Rate(shape.trendRankings().perInput());
    }

    @Override
    public void init(ProcessorContext<String, Tagged> context) {
      this.context = context;
      for (String name : storeNames) {
        stores.add(context.getStateStore(name));
      }
      if (unloggedCounts) {
        counts = context.getStateStore(StoreNames.TREND_COUNTS);
      }
    }

    @Override
    public void process(Record<String, byte[]> record) {
      byte[] in = record.value() == null ? new byte[0] : record.value();
      for (int s = 0; s < stores.size(); s++) {
        Flow flow = shape.trendStores().get(storeNames.get(s));
        for (int i = storeRates.get(s).next(); i > 0; i--) {
          Bytes key = Bytes.wrap(key().getBytes(StandardCharsets.UTF_8));
          stores.get(s).put(key, sized(in, flow.valueBytes(key.get().length)));
        }
      }
      forward(record, Sink.TRENDS, trends, shape.trendCounts(), in, counts);
      forward(record, Sink.TRENDING, trending, shape.trendRankings(), in, null);
    }

    /** Forwards this input's share of records; each also put into {@code store} when not null. */
    private void forward(
        Record<String, byte[]> record,
        Sink sink,
        Rate rate,
        Flow flow,
        byte[] in,
        KeyValueStore<Bytes, byte[]> store) {
      for (int i = rate.next(); i > 0; i--) {
        String key = key();
        byte[] value = sized(in, flow.valueBytes(key.length()));
        if (store != null) {
          store.put(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), value);
        }
        context.forward(new Record<>(key, new Tagged(sink, value), record.timestamp()));
      }
    }

    /** A distinct key as long as a trend key ({@code KEYPHRASE:<name>@WEEK:2025-01-06}). */
    private String key() {
      return String.format("KEYPHRASE:%020d@WEEK:2025-01-06", keyNumber++);
    }
  }
}
