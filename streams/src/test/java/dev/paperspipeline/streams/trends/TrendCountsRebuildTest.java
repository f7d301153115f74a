package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The counts store has no changelog: after a restart in which it does not match the restored logged
 * stores (wiped under exactly-once, left at an older or a newer flush), its counts are derived
 * again from the membership, and the counts it holds and emits next equal an offline recount of
 * every paper.
 *
 * <p>The trends topology runs in a {@link TopologyTestDriver} until the "crash"; the restart is a
 * new {@link TrendsProcessor} over copies of what Kafka Streams would give it: the logged stores as
 * the driver left them (restored from their changelogs) and the counts store in the state under
 * test.
 */
class TrendCountsRebuildTest {
  private static final Instant WALL_START = Instant.parse("2025-08-12T09:00:00Z");
  private static final LocalDate FIRST = LocalDate.of(2025, 8, 1);
  private static final List<String> TOPICS = List.of("llm", "agents", "rag", "vision", "speech");
  private static final List<String> PHRASES =
      List.of("lora", "mixture of experts", "rlhf", "diffusion", "tool use", "long context", "moe");

  private final PipelineSerdes serdes = PipelineSerdes.avro("mock://rebuild-test");
  private TopologyTestDriver driver;
  private TestInputTopic<String, EnrichedPaper> input;
  private final List<EnrichedPaper> papers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rebuild-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put("schema.registry.url", "mock://rebuild-test");
    driver =
        new TopologyTestDriver(
            TrendsTopology.build(
                options(), serdes.enrichedPaper(), serdes.topicTrend(), serdes.trendingTopics()),
            props,
            WALL_START);
    input =
        driver.createInputTopic(
            Topics.PAPERS_ENRICHED,
            Serdes.String().serializer(),
            serdes.enrichedPaper().serializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private static TrendsOptions options() {
    return new TrendsOptions(Duration.ofDays(30), 3, Duration.ofMinutes(1));
  }

  /** Papers {@code from} to {@code to - 1} over twelve days, every fifth one sent twice. */
  private static List<EnrichedPaper> papers(int from, int to) {
    List<EnrichedPaper> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      List<String> topics = List.of(TOPICS.get(i % 5), TOPICS.get((i / 5) % 5));
      List<String> phrases = i % 4 == 0 ? List.of() : List.of(PHRASES.get((i * 3) % 7));
      EnrichedPaper p = Papers.enriched("p" + i, FIRST.plusDays(i % 12), topics, phrases);
      out.add(p);
      if (i % 5 == 0) {
        out.add(p); // a replay counts nothing
      }
    }
    return out;
  }

  private void pipe(List<EnrichedPaper> batch) {
    for (EnrichedPaper p : batch) {
      input.pipeInput(p.getPaperId(), p, WALL_START);
      papers.add(p);
    }
  }

  private void emitInDriver() {
    driver.advanceWallClockTime(Duration.ofMillis(100));
  }

  /** Every (kind, name, window) of {@code papers} and its number of distinct papers. */
  private static Map<String, Long> recount(List<EnrichedPaper> papers) {
    Set<String> counted = new HashSet<>();
    Map<String, Long> counts = new TreeMap<>();
    for (EnrichedPaper p : papers) {
      long t = p.getDigestDate().toEpochDay() * TrendWindow.DAY_MS;
      for (TrendKind kind : TrendKind.values()) {
        for (String name : kind == TrendKind.TOPIC ? p.getTopics() : p.getKeyphrases()) {
          if (counted.add(kind + "|" + name + "|" + p.getPaperId())) {
            for (TrendWindow w : TrendWindow.values()) {
              counts.merge(TrendKeys.trend(kind, name, w, w.start(t)), 1L, Long::sum);
            }
          }
        }
      }
    }
    return counts;
  }

  private static Map<String, Long> counts(KeyValueStore<String, TopicTrend> store) {
    Map<String, Long> counts = new TreeMap<>();
    try (var it = store.all()) {
      it.forEachRemaining(
          kv -> {
            if (!kv.key.equals(TrendKeys.EMISSION_KEY)) {
              counts.put(kv.key, kv.value.getCount());
            }
          });
    }
    return counts;
  }

  /** A copy of a driver store in a store of the test (what a restore from its changelog gives). */
  private <V> KeyValueStore<String, V> copy(String name, Serde<V> values) {
    KeyValueStore<String, V> to = TestStores.store(name, values);
    KeyValueStore<String, V> from = driver.getKeyValueStore(name);
    try (var it = from.all()) {
      it.forEachRemaining(kv -> to.put(kv.key, kv.value));
    }
    return to;
  }

  /** The restarted task: a new processor over the restored stores and {@code counts}. */
  private final class Restarted {
    final KeyValueStore<String, TopicTrend> counts;
    final KeyValueStore<String, String> dirty;
    final KeyValueStore<String, String> open;
    final MockProcessorContext<String, SpecificRecord> context;
    final TrendsProcessor processor = new TrendsProcessor(options());

    Restarted(KeyValueStore<String, TopicTrend> counts, String guarantee) {
      this.counts = counts;
      this.dirty = copy(StoreNames.TRENDS_DIRTY_WINDOWS, Serdes.String());
      this.open = copy(StoreNames.TREND_OPEN_WINDOWS, Serdes.String());
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rebuild-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
      context = new MockProcessorContext<>(props);
      context.setCurrentSystemTimeMs(WALL_START.toEpochMilli() + 1_000);
      context.addStateStore(counts);
      context.addStateStore(
          copy(StoreNames.TREND_MEMBERS, WindowMembership.serde(StoreNames.TREND_MEMBERS)));
      context.addStateStore(open);
      context.addStateStore(
          copy(
              StoreNames.TRENDING,
              PipelineSerdes.avro("mock://rebuild-restored-trending").trendingTopics()));
      context.addStateStore(dirty);
      processor.init(context);
    }

    /** Processes {@code batch} as the repartitioned hits reach the processor. */
    void process(List<EnrichedPaper> batch) {
      for (EnrichedPaper p : batch) {
        for (KeyValue<String, TrendHit> hit :
            TrendsTopology.hits(p, p.getPaperId(), WALL_START.toEpochMilli())) {
          processor.process(new Record<>(hit.key, hit.value, WALL_START.toEpochMilli()));
        }
        papers.add(p);
      }
    }

    /** Runs the emission punctuation; the counts it forwarded, latest per key. */
    Map<String, Long> emit() {
      context.resetForwards();
      context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
      Map<String, Long> out = new TreeMap<>();
      for (var f : context.forwarded()) {
        if (f.record().value() instanceof TopicTrend t) {
          out.put(f.record().key(), t.getCount());
        }
      }
      return out;
    }
  }

  private KeyValueStore<String, TopicTrend> emptyCounts() {
    return TestStores.store(
        StoreNames.TREND_COUNTS,
        PipelineSerdes.avro("mock://rebuild-restored-counts").topicTrend());
  }

  /**
   * 200 papers emitted, a snapshot of the counts, 200 more emitted, then 100 whose emission the
   * crash prevents (their windows are dirty).
   */
  private KeyValueStore<String, TopicTrend> runUntilTheCrash() {
    pipe(papers(0, 200));
    emitInDriver();
    KeyValueStore<String, TopicTrend> older = emptyCounts();
    copyInto(driver.getKeyValueStore(StoreNames.TREND_COUNTS), older);
    pipe(papers(200, 400));
    emitInDriver();
    pipe(papers(400, 500));
    return older;
  }

  private static void copyInto(
      KeyValueStore<String, TopicTrend> from, KeyValueStore<String, TopicTrend> to) {
    try (var it = from.all()) {
      it.forEachRemaining(kv -> to.put(kv.key, kv.value));
    }
  }

  /**
   * The restarted task's counts equal the recount of all 500 papers once the windows left dirty are
   * emitted, and after 100 more papers both what it emits and what it holds equal the recount.
   */
  private void assertRecovers(Restarted task, Consumer<Restarted> afterInit) {
    afterInit.accept(task);
    Map<String, Long> expected = recount(papers);
    assertThat(expected).hasSize(171);
    Map<String, Long> emitted = task.emit();
    assertThat(counts(task.counts)).isEqualTo(expected);
    assertThat(emitted).hasSize(171);
    emitted.forEach((key, n) -> assertThat(n).as(key).isEqualTo(expected.get(key)));
    assertThat(task.dirty.approximateNumEntries()).isZero();

    task.process(papers(500, 600));
    Map<String, Long> next = task.emit();
    Map<String, Long> after = recount(papers);
    assertThat(after).hasSize(171);
    assertThat(counts(task.counts)).isEqualTo(after);
    assertThat(next).hasSize(171);
    next.forEach((key, n) -> assertThat(n).as(key).isEqualTo(after.get(key)));
    // the next start-up finds both at the same emission
    assertThat(task.counts.get(TrendKeys.EMISSION_KEY).getCount())
        .isEqualTo(Long.parseLong(task.open.get(TrendKeys.EMISSION_KEY)));
  }

  @Test
  void shouldRebuildWipedCountsFromTheMembership() {
    runUntilTheCrash();
    Restarted task = new Restarted(emptyCounts(), StreamsConfig.EXACTLY_ONCE_V2);
    // rebuilt before any emission: all 500 papers counted
    assertThat(counts(task.counts)).isEqualTo(recount(papers));
    assertRecovers(task, t -> {});
  }

  @Test
  void shouldRebuildCountsLeftAtAnOlderFlush() {
    KeyValueStore<String, TopicTrend> older = runUntilTheCrash();
    assertThat(counts(older)).isNotEmpty().isNotEqualTo(recount(papers));
    Restarted task = new Restarted(older, StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(counts(task.counts)).isEqualTo(recount(papers));
    assertRecovers(task, t -> {});
  }

  @Test
  void shouldRebuildCountsLeftAtANewerFlushThanTheRestoredStores() {
    runUntilTheCrash();
    KeyValueStore<String, TopicTrend> newer = emptyCounts();
    copyInto(driver.getKeyValueStore(StoreNames.TREND_COUNTS), newer);
    // a flush after the restored stores' state: a count they do not hold, one more emission
    TopicTrend extra = newer.get("TOPIC:llm@DAY:2025-08-01");
    extra.setCount(extra.getCount() + 5);
    newer.put("TOPIC:llm@DAY:2025-08-01", extra);
    newer.put("TOPIC:ghost@DAY:2025-08-01", extra);
    TopicTrend marker = newer.get(TrendKeys.EMISSION_KEY);
    marker.setCount(marker.getCount() + 1);
    newer.put(TrendKeys.EMISSION_KEY, marker);
    Restarted task = new Restarted(newer, StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(counts(task.counts)).isEqualTo(recount(papers));
    assertRecovers(task, t -> {});
  }

  @Test
  void shouldKeepMatchingCountsAndDeriveOnlyTheDirtyWindows() {
    runUntilTheCrash();
    KeyValueStore<String, TopicTrend> same = emptyCounts();
    copyInto(driver.getKeyValueStore(StoreNames.TREND_COUNTS), same);
    Map<String, Long> beforeRestart = counts(same);
    Restarted task = new Restarted(same, StreamsConfig.EXACTLY_ONCE_V2);
    // the emission numbers match: nothing rebuilt, the last 100 papers' windows still to derive
    assertThat(counts(task.counts)).isEqualTo(beforeRestart).isNotEqualTo(recount(papers));
    assertRecovers(task, t -> {});
  }

  @Test
  void shouldAlwaysRebuildUnderAtLeastOnce() {
    runUntilTheCrash();
    KeyValueStore<String, TopicTrend> same = emptyCounts();
    copyInto(driver.getKeyValueStore(StoreNames.TREND_COUNTS), same);
    Restarted task = new Restarted(same, StreamsConfig.AT_LEAST_ONCE);
    assertThat(counts(task.counts)).isEqualTo(recount(papers));
    assertRecovers(task, t -> {});
  }

  @Test
  void shouldWriteTheEmissionNumberToTheCountsAndTheLoggedStoreAtEveryEmission() {
    pipe(papers(0, 50));
    emitInDriver();
    pipe(papers(50, 60));
    emitInDriver();
    KeyValueStore<String, TopicTrend> counts = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    KeyValueStore<String, String> open = driver.getKeyValueStore(StoreNames.TREND_OPEN_WINDOWS);
    assertThat(counts.get(TrendKeys.EMISSION_KEY).getCount()).isEqualTo(2);
    assertThat(open.get(TrendKeys.EMISSION_KEY)).isEqualTo("2");
    assertThat(counts(counts)).isEqualTo(recount(papers));
    TrendingTopics anyRanking =
        driver
            .<String, TrendingTopics>getKeyValueStore(StoreNames.TRENDING)
            .get("TOPIC@DAY:2025-08-01");
    assertThat(anyRanking).isNotNull();
  }
}
