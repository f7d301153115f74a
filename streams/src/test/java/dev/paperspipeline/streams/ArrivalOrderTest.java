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
import dev.paperspipeline.schemas.Topics.Contracts;
import dev.paperspipeline.streams.analytics.AnalyticsOptions;
import dev.paperspipeline.streams.analytics.AnalyticsTopology;
import dev.paperspipeline.streams.analytics.BurstOptions;
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
 * on the earliest digest date of all its events, enriched from that event's text. The analytics
 * app, fed what the pipeline wrote after each file, must end with the open-code share and the
 * staying power of the same recount, and with the same topic-bursts records (revision apart) in
 * every order. Emerging phrases are not compared: a record's asOfDate is the trends clock when its
 * phrase last changed, which depends on the order (EmergingPhrasesTopologyTest checks their
 * withdrawal).
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
    Map<String, String> firstBursts;
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
      assertThat(actual.openCode).as("open-code-share, order %s", order).isEqualTo(openCode(feed));
      assertThat(actual.staying)
          .as("staying-power, order %s", order)
          .isEqualTo(staying(feed, OPTIONS.topN()));
      // bursts: the same final records (revision apart) in every order
      if (runs.firstBursts == null) {
        runs.firstBursts = actual.bursts;
      }
      assertThat(actual.bursts).as("topic-bursts, order %s", order).isEqualTo(runs.firstBursts);
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
                counts.getOrDefault(TrendKeys.trend(kind, e.getKey(), w, w.previous(start)), 0L);
            entries.add(entry(rank++, e.getKey(), e.getValue(), previous));
          }
          out.put(windowKey, entries);
        });
    return out;
  }

  private static String entry(int rank, String name, long count, long previous) {
    return rank + " " + name + " " + count + " (previous " + previous + ")";
  }

  private record Result(
      Map<String, Long> counts,
      Map<String, List<String>> rankings,
      Map<String, String> openCode,
      Map<String, List<String>> staying,
      Map<String, String> bursts) {}

  /** Each paper's earliest event (the first such in feed order), by paperId. */
  private static Map<String, PaperEvent> earliest(List<PaperEvent> events) {
    Map<String, PaperEvent> earliest = new LinkedHashMap<>();
    for (PaperEvent e : events) {
      earliest.merge(
          e.getPaperId(), e, (a, b) -> b.getDigestDate().isBefore(a.getDigestDate()) ? b : a);
    }
    return earliest;
  }

  private static LocalDate monday(LocalDate d) {
    return d.with(DayOfWeek.MONDAY);
  }

  /**
   * Expected open-code share from papers-raw: {@code <topic>@WEEK:<monday>} → "papers/withCode
   * hosts", each paper in the week of its earliest digest date.
   */
  static Map<String, String> openCode(List<PaperEvent> events) {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Map<String, Long>> hosts = new TreeMap<>();
    for (PaperEvent e : earliest(events).values()) {
      EnrichedPaper p = ENRICHER.enrich(Sightings.first(e), INGESTED);
      java.util.TreeSet<String> paperHosts = new java.util.TreeSet<>();
      boolean code = false;
      for (dev.paperspipeline.avro.CodeLink l : p.getCodeLinks()) {
        // a code repository (GitHub or another forge), classified from the url as the app does
        if (l.getValid()
            && dev.paperspipeline.streams.enrich.LinkExtractor.Kind.of(
                    dev.paperspipeline.streams.enrich.LinkExtractor.normalize(l.getUrl()).getKind())
                .isCodeRepository()) {
          code = true;
          String host = java.net.URI.create(l.getUrl().trim()).getHost();
          if (host != null) {
            paperHosts.add(host.toLowerCase(java.util.Locale.ROOT));
          }
        }
      }
      for (String topic : new java.util.TreeSet<>(p.getTopics())) {
        String key = topic + "@WEEK:" + monday(p.getDigestDate());
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        c[1] += code ? 1 : 0;
        Map<String, Long> h = hosts.computeIfAbsent(key, k -> new TreeMap<>());
        paperHosts.forEach(host -> h.merge(host, 1L, Long::sum));
      }
    }
    Map<String, String> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, c[0] + "/" + c[1] + " " + hosts.get(k)));
    return out;
  }

  /**
   * Expected staying power from papers-raw: per week with a sighting, the papers seen that week
   * with more than one sighting up to its end, ranked by sightings, span, title, id.
   */
  static Map<String, List<String>> staying(List<PaperEvent> events, int topN) {
    Map<String, List<LocalDate>> dates = new TreeMap<>();
    events.forEach(
        e -> dates.computeIfAbsent(e.getPaperId(), k -> new ArrayList<>()).add(e.getDigestDate()));
    Map<String, String> titles = new HashMap<>();
    earliest(events).forEach((id, e) -> titles.put(id, e.getTitle().trim()));
    java.util.TreeSet<LocalDate> weeks = new java.util.TreeSet<>();
    dates.values().forEach(ds -> ds.forEach(d -> weeks.add(monday(d))));
    Map<String, List<String>> out = new TreeMap<>();
    for (LocalDate week : weeks) {
      LocalDate end = week.plusDays(7);
      record Row(String id, String title, int n, LocalDate first, LocalDate last) {
        int span() {
          return (int) (last.toEpochDay() - first.toEpochDay());
        }
      }
      List<Row> rows = new ArrayList<>();
      dates.forEach(
          (id, ds) -> {
            if (ds.stream().noneMatch(d -> monday(d).equals(week))) {
              return;
            }
            List<LocalDate> upTo = ds.stream().filter(d -> d.isBefore(end)).sorted().toList();
            if (upTo.size() > 1) {
              rows.add(
                  new Row(id, titles.get(id), upTo.size(), upTo.get(0), upTo.get(upTo.size() - 1)));
            }
          });
      rows.sort(
          Comparator.comparingInt(Row::n)
              .reversed()
              .thenComparing(Comparator.comparingInt(Row::span).reversed())
              .thenComparing(Row::title)
              .thenComparing(Row::id));
      List<String> ranked = new ArrayList<>();
      for (int i = 0; i < Math.min(topN, rows.size()); i++) {
        Row r = rows.get(i);
        ranked.add(
            (i + 1) + " " + r.id() + " x" + r.n() + " " + r.first() + ".." + r.last() + " span "
                + r.span());
      }
      out.put("WEEK:" + week, ranked);
    }
    return out;
  }

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
      Object[] analyticsResult;
      // the analytics app, fed what the pipeline writes (papers-enriched, paper-sightings)
      TopicSerdes aSerdes =
          TopicSerdes.avro(Map.of("schema.registry.url", "mock://arrival-order-analytics"));
      Properties aProps = new Properties();
      aProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "arrival-order-analytics");
      aProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      aProps.put("schema.registry.url", "mock://arrival-order-analytics");
      try (TopologyTestDriver analytics =
          new TopologyTestDriver(
              AnalyticsTopology.build(AnalyticsOptions.defaults(), aSerdes), aProps, wall)) {
        var enrichedOut =
            driver.createOutputTopic(
                Topics.PAPERS_ENRICHED,
                Serdes.String().deserializer(),
                serdes.enrichedPaper().deserializer());
        var sightingsOut =
            driver.createOutputTopic(
                Topics.PAPER_SIGHTINGS,
                Serdes.String().deserializer(),
                serdes.paperSighting().deserializer());
        var enrichedIn =
            analytics.createInputTopic(
                Topics.PAPERS_ENRICHED,
                Serdes.String().serializer(),
                aSerdes.of(Contracts.PAPERS_ENRICHED).serializer());
        var sightingsIn =
            analytics.createInputTopic(
                Topics.PAPER_SIGHTINGS,
                Serdes.String().serializer(),
                aSerdes.of(Contracts.PAPER_SIGHTINGS).serializer());
        var shareOut =
            analytics.createOutputTopic(
                Topics.OPEN_CODE_SHARE,
                Serdes.String().deserializer(),
                aSerdes.of(Contracts.OPEN_CODE_SHARE).deserializer());
        var stayingOut =
            analytics.createOutputTopic(
                Topics.STAYING_POWER,
                Serdes.String().deserializer(),
                aSerdes.of(Contracts.STAYING_POWER).deserializer());
        var burstsOut =
            analytics.createOutputTopic(
                Topics.TOPIC_BURSTS,
                Serdes.String().deserializer(),
                aSerdes.of(Contracts.TOPIC_BURSTS).deserializer());
        for (int i : order) {
          for (PaperEvent e : files.get(i)) {
            raw.pipeInput(e.getPaperId(), e, INGESTED);
          }
          driver.advanceWallClockTime(Duration.ofSeconds(1)); // trends' emission
          sightingsOut
              .readKeyValuesToList()
              .forEach(kv -> sightingsIn.pipeInput(kv.key, kv.value, INGESTED));
          enrichedOut
              .readKeyValuesToList()
              .forEach(kv -> enrichedIn.pipeInput(kv.key, kv.value, INGESTED));
          // windows close between files
          driver.advanceWallClockTime(Duration.ofDays(1).minusSeconds(1));
          analytics.advanceWallClockTime(Duration.ofDays(1));
        }
        driver.advanceWallClockTime(Duration.ofDays(31));
        analytics.advanceWallClockTime(Duration.ofDays(31));
        Map<String, String> openCode = new TreeMap<>();
        Map<String, dev.paperspipeline.avro.OpenCodeShare> shares = new TreeMap<>();
        shareOut.readKeyValuesToList().forEach(kv -> shares.put(kv.key, kv.value));
        shares.forEach(
            (k, v) -> {
              if (v.getPapers() > 0) { // 0: every paper of the topic's week moved earlier
                assertThat(v.getFinal$()).as("final %s, order %s", k, order).isTrue();
                openCode.put(
                    k,
                    v.getPapers()
                        + "/"
                        + v.getPapersWithCode()
                        + " "
                        + new TreeMap<>(v.getHosts()));
              }
            });
        Map<String, List<String>> staying = new TreeMap<>();
        stayingOut
            .readKeyValuesToList()
            .forEach(
                kv ->
                    staying.put(
                        kv.key,
                        kv.value.getEntries().stream()
                            .map(
                                p ->
                                    p.getRank()
                                        + " "
                                        + p.getPaperId()
                                        + " x"
                                        + p.getSightings()
                                        + " "
                                        + p.getFirstDigestDate()
                                        + ".."
                                        + p.getLastDigestDate()
                                        + " span "
                                        + p.getSpanDays())
                            .toList()));
        Map<String, String> bursts = new TreeMap<>();
        Map<String, dev.paperspipeline.avro.TopicBurst> latestBursts = new TreeMap<>();
        burstsOut.readKeyValuesToList().forEach(kv -> latestBursts.put(kv.key, kv.value));
        // the bursts that pass the threshold in the end: a record once emitted is emitted again
        // below it, so whether a below-threshold record exists depends on the history
        BurstOptions b = BurstOptions.defaults();
        latestBursts.entrySet().stream()
            .filter(kv -> kv.getValue().getScore() >= b.minScore())
            .filter(kv -> kv.getValue().getCount() >= b.minCount())
            .forEach(
                kv ->
                    bursts.put(
                        kv.getKey(),
                        kv.getValue().getCount()
                            + " "
                            + kv.getValue().getScore()
                            + " "
                            + kv.getValue().getBaselineWindows()
                            + " "
                            + kv.getValue().getBaselineMean()
                            + " final="
                            + kv.getValue().getFinal$()
                            + " "
                            + kv.getValue().getPapers().stream()
                                .map(r -> r.getPaperId())
                                .toList()));
        analyticsResult = new Object[] {openCode, staying, bursts};
      }

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
      @SuppressWarnings("unchecked")
      Result result =
          new Result(
              counts,
              rankings,
              (Map<String, String>) analyticsResult[0],
              (Map<String, List<String>>) analyticsResult[1],
              (Map<String, String>) analyticsResult[2]);
      return result;
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
