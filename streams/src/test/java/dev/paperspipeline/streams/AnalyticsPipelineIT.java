package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import dev.paperspipeline.streams.analytics.AnalyticsReadout;
import dev.paperspipeline.streams.testing.TopicReads;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest, the pipeline and the analytics app against the in-process broker and registry, on
 * generated digests with a planted burst and phrase: every burst's count and baseline equal a
 * recount of papers-enriched as a consumer reads it, the planted burst ranks first and the planted
 * phrase is the top emerging one.
 */
class AnalyticsPipelineIT {
  private static final String APP_ID = "papers-analytics-it";
  private static final LocalDate START = LocalDate.of(2026, 3, 2);
  private static final int DIGESTS = 28;
  private static final int BURST_DAY = 24;
  private static final int PHRASE_DAY = 23;
  private static final String PHRASE = "holographic routing";

  @TempDir Path dir;

  @Test
  void shouldEmitBurstsAndEmergingPhrasesThatEqualARecountOfTheEnrichedPapers() throws Exception {
    DigestGenerator generator =
        new DigestGenerator(1500, DIGESTS, 42, START)
            .withBurst(new DigestGenerator.Burst("robotics", BURST_DAY, 10))
            .withPhrase(new DigestGenerator.Phrase(PHRASE, PHRASE_DAY, 4));
    DigestGenerator.Summary generated = generator.generate(dir.resolve("digests"));
    try (LocalStack stack = LocalStack.startEphemeral()) {
      String b = stack.bootstrapServers();
      String r = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(b);
      Properties props =
          PipelineChecks.streamsProperties(
              b, r, APP_ID, Files.createDirectories(dir.resolve("state")));
      Map<String, Object> clients = new HashMap<>();
      clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, b);
      clients.put(RegistryConfig.SCHEMA_REGISTRY_URL, r);
      try (StreamsApp app = StreamsApp.start(props);
          StreamsApp analytics = AnalyticsApp.start(props)) {
        PipelineChecks.ingest(
            b, r, Files.createDirectories(dir.resolve("ingest")), generated.files(), null);
        PipelineChecks.awaitNoLag(b, APP_ID, Duration.ofMinutes(3));
        List<EnrichedPaper> enriched =
            TopicReads.readAll(b, r, Topics.PAPERS_ENRICHED, EnrichedPaper.class).stream()
                .map(c -> c.value())
                .toList();
        assertThat(enriched).hasSize(generated.distinctPapers());
        long withPhrase = enriched.stream().filter(p -> p.getKeyphrases().contains(PHRASE)).count();
        assertThat(withPhrase).isEqualTo(4L * (DIGESTS - PHRASE_DAY));
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .until(
                () -> {
                  EmergingPhrase p = AnalyticsReadout.emerging(clients).get(PHRASE);
                  return p != null && p.getPapers() == withPhrase;
                });
        Recount recount = new Recount(enriched);
        // every burst settles on the recount once the analytics app caught up
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  Map<String, TopicBurst> bursts = AnalyticsReadout.bursts(clients);
                  assertThat(bursts).isNotEmpty();
                  for (Map.Entry<String, TopicBurst> e : bursts.entrySet()) {
                    TopicBurst burst = e.getValue();
                    assertThat(burst.getPartial()).as(e.getKey()).isFalse();
                    assertThat(burst.getCount()).as(e.getKey()).isEqualTo(recount.count(burst, 0));
                    assertThat(burst.getBaselineMean())
                        .as(e.getKey())
                        .isEqualTo(recount.baselineMean(burst));
                  }
                });

        Map<String, TopicBurst> bursts = AnalyticsReadout.bursts(clients);
        List<TopicBurst> days = AnalyticsReadout.ranked(bursts, "TOPIC", "DAY");
        assertThat(days.get(0).getName()).isEqualTo("robotics");
        assertThat(days.get(0).getWindowStart())
            .isEqualTo(START.plusDays(BURST_DAY).atStartOfDay().toInstant(ZoneOffset.UTC));
        assertThat(days.get(0).getPapers()).hasSize(5);
        assertThat(days.get(0).getPapers().get(0).getSightings())
            .isGreaterThanOrEqualTo(days.get(0).getPapers().get(4).getSightings());
        assertThat(bursts.values()).noneMatch(t -> t.getName().equals("speech-audio"));
        EmergingPhrase top = AnalyticsReadout.current(AnalyticsReadout.emerging(clients)).get(0);
        assertThat(top.getPhrase()).isEqualTo(PHRASE);
        assertThat(top.getFirstSeenDate()).isEqualTo(START.plusDays(PHRASE_DAY));
        assertThat(top.getAsOfDate()).isEqualTo(START.plusDays(DIGESTS - 1));
        assertThat(top.getPapers()).isEqualTo(20);
        assertThat(top.getGrowth()).isEqualTo(4.0);
      }
    }
  }

  /** Counts of papers-enriched per trend key, and which windows of a kind had any paper. */
  private static final class Recount {
    private final Map<String, Long> counts = new HashMap<>();
    private final Set<String> windowsWithData = new HashSet<>();

    Recount(List<EnrichedPaper> papers) {
      for (EnrichedPaper p : papers) {
        long t = p.getDigestDate().toEpochDay() * 86_400_000L;
        for (TrendKind kind : TrendKind.values()) {
          List<String> names = kind == TrendKind.TOPIC ? p.getTopics() : p.getKeyphrases();
          for (TrendWindow w : TrendWindow.values()) {
            if (!names.isEmpty()) {
              windowsWithData.add(TrendKeys.window(kind, w, w.start(t)));
            }
            for (String name : new HashSet<>(names)) {
              counts.merge(TrendKeys.trend(kind, name, w, w.start(t)), 1L, Long::sum);
            }
          }
        }
      }
    }

    /** The count of the burst's name in the window {@code back} windows before the burst's. */
    long count(TopicBurst b, int back) {
      TrendWindow w = TrendWindow.valueOf(b.getWindow());
      long start = w.next(b.getWindowStart().toEpochMilli(), -back);
      return counts.getOrDefault(
          TrendKeys.trend(TrendKind.valueOf(b.getKind()), b.getName(), w, start), 0L);
    }

    double baselineMean(TopicBurst b) {
      TrendWindow w = TrendWindow.valueOf(b.getWindow());
      int size = w.defaultBaseline();
      long sum = 0;
      int windows = 0;
      for (int i = 1; i <= size; i++) {
        long start = w.next(b.getWindowStart().toEpochMilli(), -i);
        if (windowsWithData.contains(TrendKeys.window(TrendKind.valueOf(b.getKind()), w, start))) {
          windows++;
          sum += count(b, i);
        }
      }
      assertThat(windows).isEqualTo(b.getBaselineWindows());
      return sum / (double) windows;
    }
  }
}
