package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.SharedDigests;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Dedupe + enrich + trends over the real digests in TopologyTestDriver, checked against an
 * independent offline recount; skipped when the digests are absent.
 */
class PipelineSharedDigestsTest {
  private static final Instant INGESTED = Instant.parse("2026-01-05T10:00:00Z");

  /**
   * The offline recount: first sighting per paperId in feed order, the pure enricher, and one count
   * per topic/keyphrase per day and Monday week of the first sighting's digest date.
   */
  static Map<String, Long> offlineRecount(List<PaperEvent> events, PaperEnricher enricher) {
    Map<String, PaperEvent> first = new LinkedHashMap<>();
    events.forEach(e -> first.putIfAbsent(e.getPaperId(), e));
    Map<String, Long> counts = new TreeMap<>();
    for (PaperEvent e : first.values()) {
      EnrichedPaper p = enricher.enrich(Sightings.first(e), INGESTED);
      long t =
          p.getDigestDate() != null
              ? p.getDigestDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
              : INGESTED.toEpochMilli();
      for (TrendKind kind : TrendKind.values()) {
        List<String> names = kind == TrendKind.TOPIC ? p.getTopics() : p.getKeyphrases();
        for (String name : names.stream().distinct().toList()) {
          for (TrendWindow w : TrendWindow.values()) {
            counts.merge(TrendKeys.trend(kind, name, w, w.start(t)), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  private static Map<String, Long> storeCounts(TopologyTestDriver driver) {
    KeyValueStore<String, TopicTrend> store = driver.getKeyValueStore(StoreNames.TREND_COUNTS);
    Map<String, Long> counts = new TreeMap<>();
    try (var it = store.all()) {
      // every key but the emission number the counts store also holds
      it.forEachRemaining(
          kv -> {
            if (!kv.key.startsWith("~")) {
              counts.put(kv.key, kv.value.getCount());
            }
          });
    }
    return counts;
  }

  @Test
  void shouldCountTrendsOverTheRealDigestsExactlyAsAnOfflineRecountAndIgnoreReplays() {
    List<PaperEvent> events =
        SharedDigests.events(SharedDigests.dirOrSkip(), INGESTED).stream()
            // a chronological replay: digests in date order (stable within a digest)
            .sorted(
                Comparator.comparing(
                    PaperEvent::getDigestDate, Comparator.nullsFirst(Comparator.naturalOrder())))
            .toList();
    PaperEnricher enricher = PaperEnricher.loadDefault();
    Map<String, Long> expected = offlineRecount(events, enricher);
    long distinct = events.stream().map(PaperEvent::getPaperId).distinct().count();
    assertThat(expected).isNotEmpty();

    PipelineSerdes serdes = PipelineSerdes.avro("mock://pipeline-shared-test");
    Properties props = PipelineConfig.streamsProperties("unused:9092", "mock://x", Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-shared-test");
    // the real wall clock: digests dated by their modification time are never in its future
    Instant wallStart = Instant.now();
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PipelineTopology.build(
                Duration.ofDays(90),
                enricher,
                // enrichment runs long after ingest: trends must not use enrichedAt as event time
                Clock.fixed(INGESTED.plus(Duration.ofDays(400)), ZoneOffset.UTC),
                TrendsOptions.defaults(),
                serdes),
            props,
            wallStart)) {
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var unique =
          driver.createOutputTopic(
              Topics.PAPERS_UNIQUE,
              Serdes.String().deserializer(),
              serdes.uniquePaper().deserializer());
      var sightings =
          driver.createOutputTopic(
              Topics.PAPER_SIGHTINGS,
              Serdes.String().deserializer(),
              serdes.paperSighting().deserializer());
      var trends =
          driver.createOutputTopic(
              Topics.TOPIC_TRENDS,
              Serdes.String().deserializer(),
              serdes.topicTrend().deserializer());

      events.forEach(e -> raw.pipeInput(e.getPaperId(), e, INGESTED));
      driver.advanceWallClockTime(Duration.ofSeconds(1)); // the emission punctuation

      assertThat(unique.readValuesToList()).hasSize((int) distinct);
      List<PaperSighting> seen = sightings.readValuesToList();
      assertThat(seen).hasSize(events.size());
      Map<String, Integer> maxSightings = new HashMap<>();
      seen.forEach(u -> maxSightings.merge(u.getPaperId(), u.getSightings(), Math::max));
      assertThat(maxSightings.values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(events.size());
      Map<String, Long> afterFirstFeed = storeCounts(driver);
      assertThat(afterFirstFeed).isEqualTo(expected);

      events.forEach(e -> raw.pipeInput(e.getPaperId(), e, INGESTED.plusSeconds(60)));
      driver.advanceWallClockTime(Duration.ofSeconds(1));

      assertThat(unique.isEmpty()).isTrue();
      assertThat(storeCounts(driver)).isEqualTo(expected);

      // no new input: a wall-clock month later every window has closed with its final count
      trends.readKeyValuesToList();
      driver.advanceWallClockTime(Duration.ofDays(31));
      Map<String, Long> finals = new TreeMap<>();
      trends.readKeyValuesToList().stream()
          .filter(kv -> kv.value.getFinal$())
          .forEach(kv -> finals.put(kv.key, kv.value.getCount()));
      assertThat(finals).isEqualTo(expected);
    }
  }
}
