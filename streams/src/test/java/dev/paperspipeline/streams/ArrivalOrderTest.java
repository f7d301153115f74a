package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.Enrichment;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.SharedDigests;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/**
 * A paper counts on its earliest digest date whatever the order digests arrive in (issue 21 item
 * 1): four digests, in each of their 24 orders, go into {@code papers-raw} of the whole pipeline
 * (dedupe, enrich, trends) in a TopologyTestDriver, a day of wall-clock time apart (windows close
 * between files and later files revise them), with the default trends options. The final
 * topic-trends count of every key and the final trending-topics ranking of every window (names,
 * counts, previous-window counts) must equal a recount from the papers-raw events alone: each paper
 * on the earliest digest date of all its events, enriched from that event's text.
 */
class ArrivalOrderTest {
  private static final Instant INGESTED = Instant.parse("2026-01-05T10:00:00Z");
  private static final TrendsOptions OPTIONS = TrendsOptions.defaults();
  private static final PaperEnricher REAL = PaperEnricher.loadDefault();
  private static final Map<String, EnrichedPaper> ENRICHED = new ConcurrentHashMap<>();

  /**
   * The real enricher, memoized by text: the 24 runs enrich the same papers again and again, and
   * the model takes most of the time.
   */
  private static final PaperEnricher ENRICHER =
      new PaperEnricher(
          List.<Enrichment>of(
              (text, out) -> {
                EnrichedPaper p =
                    ENRICHED.computeIfAbsent(
                        text.title() + "\n" + text.abstractText(),
                        k ->
                            REAL.enrich(
                                UniquePaper.newBuilder()
                                    .setPaperId("x")
                                    .setTitle(text.title())
                                    .setAbstractText(text.abstractText())
                                    .setFirstLineage(
                                        new dev.paperspipeline.avro.Lineage("f", "0", 1, 1))
                                    .setFirstSeenAt(INGESTED)
                                    .setLastSeenAt(INGESTED)
                                    .build(),
                                INGESTED));
                out.setTopics(p.getTopics())
                    .setTaxonomyVersion(p.getTaxonomyVersion())
                    .setKeyphrases(p.getKeyphrases())
                    .setCodeLinks(p.getCodeLinks())
                    .setMentions(p.getMentions())
                    .setWordCount(p.getWordCount())
                    .setPaperName(p.getPaperName())
                    .setEnrichmentVersion(p.getEnrichmentVersion());
              }));

  @Test
  void shouldCountEveryPaperOnItsEarliestDigestInAll24OrdersOfTheRealDigests() throws IOException {
    Map<String, List<PaperEvent>> real = new TreeMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), INGESTED)) {
      real.computeIfAbsent(e.getLineage().getFileName(), k -> new ArrayList<>()).add(e);
    }
    List<List<PaperEvent>> files = new ArrayList<>(real.values());
    // a generated digest in the week of the earliest real one, so that the orders where one of
    // them closes that week before the other arrives revise it
    LocalDate earliest =
        files.stream().map(f -> f.get(0).getDigestDate()).min(Comparator.naturalOrder()).get();
    LocalDate monday = earliest.with(DayOfWeek.MONDAY);
    LocalDate generatedDay = monday.equals(earliest) ? earliest.plusDays(1) : monday;
    List<PaperEvent> generated = new ArrayList<>();
    for (ParsedPaper p : new DigestGenerator(60, 1, 7L, generatedDay).parseDigest(0)) {
      generated.add(p.toEvent(INGESTED));
    }
    files.add(generated);
    Runs runs = allOrders(files);
    // the real digests list papers again months later: newest first, 38 of them move
    assertThat(runs.maxMoved).isGreaterThan(30);
  }

  @Test
  void shouldCountEveryPaperOnItsEarliestDigestInAll24OrdersOfFourGeneratedDigests()
      throws IOException {
    // Thursday, Friday, Saturday and the next Monday: papers listed again up to three days later
    // move across days and across the week boundary
    DigestGenerator generator = new DigestGenerator(160, 6, 21L, LocalDate.of(2025, 9, 4));
    List<List<PaperEvent>> files = new ArrayList<>();
    for (int day : new int[] {0, 1, 2, 4}) {
      List<PaperEvent> events = new ArrayList<>();
      for (ParsedPaper p : generator.parseDigest(day)) {
        events.add(p.toEvent(INGESTED));
      }
      files.add(events);
    }
    Runs runs = allOrders(files);
    assertThat(runs.maxMoved).isGreaterThan(10);
  }

  /**
   * Papers per digest date on papers-enriched (the latest record of each paper), the real digests
   * newest first and oldest first: equal, and equal to each paper's earliest date in papers-raw.
   */
  @Test
  void shouldDatePapersOnPapersEnrichedByTheirEarliestDigestNewestFirstAsOldestFirst() {
    Map<LocalDate, List<PaperEvent>> byDate = new TreeMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), INGESTED)) {
      byDate.computeIfAbsent(e.getDigestDate(), k -> new ArrayList<>()).add(e);
    }
    List<List<PaperEvent>> oldestFirst = new ArrayList<>(byDate.values());
    List<List<PaperEvent>> newestFirst = new ArrayList<>(oldestFirst);
    java.util.Collections.reverse(newestFirst);
    Map<LocalDate, Long> expected = new TreeMap<>();
    Map<String, LocalDate> earliest = new HashMap<>();
    oldestFirst.forEach(
        f -> f.forEach(e -> earliest.merge(e.getPaperId(), e.getDigestDate(), (a, b) -> a)));
    earliest.values().forEach(d -> expected.merge(d, 1L, Long::sum));
    Map<LocalDate, Long> newest = papersPerDate(newestFirst);
    Map<LocalDate, Long> oldest = papersPerDate(oldestFirst);
    log.info("papers per digest date, newest first {}, oldest first {}", newest, oldest);
    assertThat(newest).isEqualTo(oldest).isEqualTo(expected);
  }

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ArrivalOrderTest.class);

  /** Papers per digestDate of the latest papers-enriched record of each paper. */
  private static Map<LocalDate, Long> papersPerDate(List<List<PaperEvent>> files) {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://arrival-order-dates");
    Properties props = PipelineConfig.streamsProperties("unused:9092", "mock://x", Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "arrival-order-dates");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PipelineTopology.build(
                Duration.ofDays(90),
                ENRICHER,
                Clock.fixed(INGESTED, ZoneOffset.UTC),
                OPTIONS,
                serdes),
            props,
            Instant.now())) {
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var enriched =
          driver.createOutputTopic(
              Topics.PAPERS_ENRICHED,
              Serdes.String().deserializer(),
              serdes.enrichedPaper().deserializer());
      files.forEach(f -> f.forEach(e -> raw.pipeInput(e.getPaperId(), e, INGESTED)));
      Map<String, LocalDate> latest = new HashMap<>();
      enriched.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value.getDigestDate()));
      Map<LocalDate, Long> perDate = new TreeMap<>();
      latest.values().forEach(d -> perDate.merge(d, 1L, Long::sum));
      return perDate;
    }
  }

  /** What the runs of all orders saw. */
  private static final class Runs {
    int maxMoved;
    int maxRevision;
  }

  private static Runs allOrders(List<List<PaperEvent>> files) {
    assertThat(files).hasSize(4);
    Runs runs = new Runs();
    List<List<Integer>> orders = permutations(files.size());
    assertThat(orders).hasSize(24);
    for (List<Integer> order : orders) {
      List<PaperEvent> feed = new ArrayList<>();
      order.forEach(i -> feed.addAll(files.get(i)));
      Map<String, Long> expectedCounts = recount(feed);
      Map<String, List<String>> expectedRankings = rankings(expectedCounts);
      Result actual = run(order, files, runs);
      assertThat(actual.counts).as("topic-trends, order %s", order).isEqualTo(expectedCounts);
      assertThat(actual.rankings)
          .as("trending-topics, order %s", order)
          .isEqualTo(expectedRankings);
    }
    // some orders closed windows before an earlier digest revised them
    assertThat(runs.maxRevision).isPositive();
    return runs;
  }

  /**
   * The recount from papers-raw: each paper on the earliest digest date of all its events (the
   * first such event in feed order gives its text), one count per topic / keyphrase per day and
   * Monday week.
   */
  static Map<String, Long> recount(List<PaperEvent> events) {
    Map<String, PaperEvent> earliest = new LinkedHashMap<>();
    for (PaperEvent e : events) {
      earliest.merge(
          e.getPaperId(), e, (a, b) -> b.getDigestDate().isBefore(a.getDigestDate()) ? b : a);
    }
    Map<String, Long> counts = new TreeMap<>();
    for (PaperEvent e : earliest.values()) {
      EnrichedPaper p = ENRICHER.enrich(Sightings.first(e), INGESTED);
      long t = p.getDigestDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
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

  /**
   * The final rankings the recount implies: per window the top N names (most papers, then name)
   * with the whole previous window's count (every window has ended by then).
   */
  static Map<String, List<String>> rankings(Map<String, Long> counts) {
    Map<String, Map<String, Long>> windows = new TreeMap<>();
    counts.forEach(
        (key, n) -> {
          int at = key.indexOf('@');
          int colon = key.indexOf(':');
          String windowKey = key.substring(0, colon) + key.substring(at);
          windows
              .computeIfAbsent(windowKey, k -> new HashMap<>())
              .put(key.substring(colon + 1, at), n);
        });
    Map<String, List<String>> out = new TreeMap<>();
    windows.forEach(
        (windowKey, names) -> {
          TrendKind kind = TrendKind.valueOf(windowKey.substring(0, windowKey.indexOf('@')));
          TrendWindow w =
              TrendWindow.valueOf(
                  windowKey.substring(windowKey.indexOf('@') + 1, windowKey.indexOf(':')));
          long start =
              LocalDate.parse(windowKey.substring(windowKey.indexOf(':') + 1)).toEpochDay()
                  * TrendWindow.DAY_MS;
          List<Map.Entry<String, Long>> ranked =
              names.entrySet().stream()
                  .sorted(
                      Map.Entry.<String, Long>comparingByValue()
                          .reversed()
                          .thenComparing(Map.Entry.comparingByKey()))
                  .limit(OPTIONS.topN())
                  .toList();
          List<String> entries = new ArrayList<>();
          int rank = 1;
          for (Map.Entry<String, Long> e : ranked) {
            long previous =
                counts.getOrDefault(TrendKeys.trend(kind, e.getKey(), w, start - w.sizeMs()), 0L);
            entries.add(entry(rank++, e.getKey(), e.getValue(), previous));
          }
          out.put(windowKey, entries);
        });
    return out;
  }

  private static String entry(int rank, String name, long count, long previous) {
    return rank + " " + name + " " + count + " (previous " + previous + ")";
  }

  private record Result(Map<String, Long> counts, Map<String, List<String>> rankings) {}

  private static Result run(List<Integer> order, List<List<PaperEvent>> files, Runs runs) {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://arrival-order");
    Properties props = PipelineConfig.streamsProperties("unused:9092", "mock://x", Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "arrival-order");
    // the real wall clock: digests dated by their modification time are never in its future
    Instant wall = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            PipelineTopology.build(
                Duration.ofDays(90),
                ENRICHER,
                Clock.fixed(INGESTED, ZoneOffset.UTC),
                OPTIONS,
                serdes),
            props,
            wall)) {
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var unique =
          driver.createOutputTopic(
              Topics.PAPERS_UNIQUE,
              Serdes.String().deserializer(),
              serdes.uniquePaper().deserializer());
      var trends =
          driver.createOutputTopic(
              Topics.TOPIC_TRENDS,
              Serdes.String().deserializer(),
              serdes.topicTrend().deserializer());
      var trending =
          driver.createOutputTopic(
              Topics.TRENDING_TOPICS,
              Serdes.String().deserializer(),
              serdes.trendingTopics().deserializer());
      for (int i : order) {
        for (PaperEvent e : files.get(i)) {
          raw.pipeInput(e.getPaperId(), e, INGESTED);
        }
        driver.advanceWallClockTime(Duration.ofDays(1)); // windows close between files
      }
      driver.advanceWallClockTime(Duration.ofDays(31));

      Map<String, UniquePaper> papers = new HashMap<>();
      int uniqueRecords = 0;
      for (KeyValue<String, UniquePaper> kv : unique.readKeyValuesToList()) {
        papers.put(kv.key, kv.value);
        uniqueRecords++;
      }
      runs.maxMoved = Math.max(runs.maxMoved, uniqueRecords - papers.size());

      Map<String, TopicTrend> latest = new TreeMap<>();
      for (KeyValue<String, TopicTrend> kv : trends.readKeyValuesToList()) {
        latest.put(kv.key, kv.value);
        runs.maxRevision = Math.max(runs.maxRevision, kv.value.getRevision());
      }
      Map<String, Long> counts = new TreeMap<>();
      latest.forEach(
          (k, v) -> {
            if (v.getCount() > 0) { // 0: the name's last paper of the window moved earlier
              assertThat(v.getFinal$()).as("final %s, order %s", k, order).isTrue();
              counts.put(k, v.getCount());
            }
          });
      Map<String, TrendingTopics> latestRankings = new TreeMap<>();
      for (KeyValue<String, TrendingTopics> kv : trending.readKeyValuesToList()) {
        latestRankings.put(kv.key, kv.value);
      }
      Map<String, List<String>> rankings = new TreeMap<>();
      latestRankings.forEach(
          (k, v) -> {
            if (v.getEntries().isEmpty()) {
              return; // every paper of the window moved earlier
            }
            assertThat(v.getFinal$()).as("final %s, order %s", k, order).isTrue();
            List<String> entries = new ArrayList<>();
            for (TrendEntry e : v.getEntries()) {
              entries.add(entry(e.getRank(), e.getName(), e.getCount(), e.getPreviousCount()));
            }
            rankings.put(k, entries);
          });
      return new Result(counts, rankings);
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
}
