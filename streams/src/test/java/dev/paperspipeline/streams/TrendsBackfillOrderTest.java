package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.SharedDigests;
import dev.paperspipeline.streams.trends.TrendsOptions;
import dev.paperspipeline.streams.trends.TrendsTopology;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * Backfill in any order counts every paper: the real digests and a generated one, ingested in every
 * order of their files, a day of wall-clock time apart (so that windows close between files and
 * later files revise them), with the DEFAULT trends options, end with the counts of an offline
 * recount of what reached papers-enriched; skipped when the real digests are absent.
 */
class TrendsBackfillOrderTest {
  private static final Instant INGESTED = Instant.parse("2026-01-05T10:00:00Z");

  @Test
  void shouldCountEveryPaperWhateverTheOrderOfTheFilesWithDefaultSettings() throws IOException {
    List<List<PaperEvent>> files = new ArrayList<>();
    Map<String, List<PaperEvent>> real = new TreeMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), INGESTED)) {
      real.computeIfAbsent(e.getLineage().getFileName(), k -> new ArrayList<>()).add(e);
    }
    files.addAll(real.values());
    // a generated digest in the same week as the first real one, so that an order where one of
    // them closes the week before the other arrives revises it
    LocalDate realDay = files.get(0).get(0).getDigestDate();
    LocalDate monday = realDay.with(java.time.DayOfWeek.MONDAY);
    LocalDate generatedDay = monday.equals(realDay) ? realDay.plusDays(1) : monday;
    List<PaperEvent> generated = new ArrayList<>();
    for (ParsedPaper p : new DigestGenerator(60, 1, 7L, generatedDay).parseDigest(0)) {
      generated.add(p.toEvent(INGESTED));
    }
    files.add(generated);
    assertThat(files).hasSizeLessThanOrEqualTo(4); // at most 24 orders
    PaperEnricher enricher = PaperEnricher.loadDefault();
    Map<PaperEvent, EnrichedPaper> enriched = new LinkedHashMap<>();
    files.forEach(
        f -> f.forEach(e -> enriched.put(e, enricher.enrich(Sightings.first(e), INGESTED))));

    int orders = 0;
    for (List<Integer> order : permutations(files.size())) {
      List<PaperEvent> feed = new ArrayList<>();
      order.forEach(i -> feed.addAll(files.get(i)));
      Map<String, Long> expected = PipelineSharedDigestsTest.offlineRecount(feed, enricher);
      assertThat(run(order, files, enriched)).as("order %s", order).isEqualTo(expected);
      orders++;
    }
    assertThat(orders).isEqualTo(factorial(files.size()));
    // some orders closed windows before later files revised them
    assertThat(maxRevision).isPositive();
  }

  /** Final count per trend key, as the last topic-trends record of each key says. */
  private int maxRevision;

  private Map<String, Long> run(
      List<Integer> order, List<List<PaperEvent>> files, Map<PaperEvent, EnrichedPaper> enriched) {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://backfill-order");
    Properties props = PipelineConfig.streamsProperties("unused:9092", "mock://x", Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "backfill-order");
    Instant wall = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            TrendsTopology.build(
                TrendsOptions.defaults(),
                serdes.enrichedPaper(),
                serdes.topicTrend(),
                serdes.trendingTopics()),
            props,
            wall)) {
      var in =
          driver.createInputTopic(
              Topics.PAPERS_ENRICHED,
              Serdes.String().serializer(),
              serdes.enrichedPaper().serializer());
      var out =
          driver.createOutputTopic(
              Topics.TOPIC_TRENDS,
              Serdes.String().deserializer(),
              serdes.topicTrend().deserializer());
      var seen = new java.util.HashSet<String>();
      for (int i : order) {
        for (PaperEvent e : files.get(i)) {
          if (seen.add(e.getPaperId())) { // dedupe: the first sighting goes on
            in.pipeInput(e.getPaperId(), enriched.get(e), INGESTED);
          }
        }
        driver.advanceWallClockTime(Duration.ofDays(1)); // windows close between files
      }
      driver.advanceWallClockTime(Duration.ofDays(31));
      Map<String, Long> counts = new TreeMap<>();
      for (KeyValue<String, TopicTrend> kv : out.readKeyValuesToList()) {
        counts.put(kv.key, kv.value.getCount());
        maxRevision = Math.max(maxRevision, kv.value.getRevision());
      }
      return counts;
    }
  }

  private static List<List<Integer>> permutations(int n) {
    List<List<Integer>> all = new ArrayList<>();
    permute(new ArrayList<>(), n, all);
    return all;
  }

  private static void permute(List<Integer> prefix, int n, List<List<Integer>> all) {
    if (prefix.size() == n) {
      all.add(List.copyOf(prefix));
      return;
    }
    for (int i = 0; i < n; i++) {
      if (!prefix.contains(i)) {
        prefix.add(i);
        permute(prefix, n, all);
        prefix.remove(prefix.size() - 1);
      }
    }
  }

  private static int factorial(int n) {
    return n <= 1 ? 1 : n * factorial(n - 1);
  }
}
