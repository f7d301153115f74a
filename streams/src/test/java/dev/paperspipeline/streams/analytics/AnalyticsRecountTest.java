package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Bursts and emerging phrases on generated digests with a planted burst and a planted phrase,
 * checked against a recount of the enriched papers.
 */
class AnalyticsRecountTest {
  static final LocalDate START = LocalDate.of(2026, 3, 2);
  static final int DIGESTS = 28;
  static final int BURST_DAY = 24;
  static final int PHRASE_DAY = 23;
  static final String PHRASE = "holographic routing";
  private static final Instant INGESTED = Instant.parse("2026-04-01T10:00:00Z");

  static DigestGenerator generator() {
    return new DigestGenerator(1500, DIGESTS, 42, START)
        .withBurst(new DigestGenerator.Burst("robotics", BURST_DAY, 10))
        .withPhrase(new DigestGenerator.Phrase(PHRASE, PHRASE_DAY, 4));
  }

  /** The unique papers of the generated digests, enriched, in digest order. */
  static List<EnrichedPaper> enriched(DigestGenerator generator) throws IOException {
    PaperEnricher enricher = PaperEnricher.loadDefault();
    Map<String, EnrichedPaper> unique = new LinkedHashMap<>();
    for (int day = 0; day < DIGESTS; day++) {
      for (ParsedPaper p : generator.parseDigest(day)) {
        UniquePaper first = Sightings.first(p.toEvent(INGESTED));
        unique.computeIfAbsent(first.getPaperId(), id -> enricher.enrich(first, INGESTED));
      }
    }
    return new ArrayList<>(unique.values());
  }

  private static long count(List<EnrichedPaper> papers, String topic, LocalDate day) {
    return papers.stream()
        .filter(p -> p.getDigestDate().equals(day) && p.getTopics().contains(topic))
        .count();
  }

  @Test
  void shouldRankThePlantedBurstFirstLeaveASteadyTopicOutAndPutThePlantedPhraseOnTop()
      throws IOException {
    List<EnrichedPaper> papers = enriched(generator());
    Map<String, TopicBurst> bursts = new TreeMap<>();
    Map<String, EmergingPhrase> emerging = new TreeMap<>();
    Instant wall = START.plusDays(DIGESTS).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    try (AnalyticsDriver d =
        new AnalyticsDriver(
            "recount-test",
            AnalyticsOptions.defaults().withCloseCheckInterval(Duration.ofMinutes(1)),
            wall)) {
      for (EnrichedPaper p : papers) {
        d.enriched.pipeInput(p.getPaperId(), p, wall);
      }
      d.emit();
      d.driver.advanceWallClockTime(Duration.ofDays(2)); // every window closes
      for (KeyValue<String, TopicBurst> kv : d.bursts.readKeyValuesToList()) {
        bursts.put(kv.key, kv.value);
      }
      for (KeyValue<String, EmergingPhrase> kv : d.emerging.readKeyValuesToList()) {
        emerging.put(kv.key, kv.value);
      }
    }
    LocalDate burstDay = START.plusDays(BURST_DAY);
    List<TopicBurst> topics =
        bursts.values().stream()
            .filter(b -> b.getKind().equals("TOPIC") && b.getScore() >= 3.0)
            .sorted(Comparator.comparingDouble(TopicBurst::getScore).reversed())
            .toList();
    TopicBurst top = topics.get(0);
    assertThat(top.getName()).isEqualTo("robotics");
    assertThat(top.getWindow()).isEqualTo("DAY");
    assertThat(top.getWindowStart())
        .isEqualTo(burstDay.atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
    assertThat(top.getFinal$()).isTrue();
    // the recount: the window's papers and its 28-day baseline from the enriched papers
    assertThat(top.getCount()).isEqualTo(count(papers, "robotics", burstDay));
    long baselineSum = 0;
    int baselineDays = 0;
    for (int i = 1; i <= 28; i++) {
      LocalDate day = burstDay.minusDays(i);
      if (!day.isBefore(START)) {
        baselineSum += count(papers, "robotics", day);
        baselineDays++;
      }
    }
    assertThat(top.getBaselineWindows()).isEqualTo(baselineDays);
    assertThat(top.getBaselineMean()).isEqualTo(baselineSum / (double) baselineDays);
    assertThat(top.getPapers()).hasSize(5);
    assertThat(topics).noneMatch(b -> b.getName().equals("speech-audio"));

    LocalDate lastDay = START.plusDays(DIGESTS - 1);
    List<EmergingPhrase> latest =
        emerging.values().stream()
            .filter(e -> e.getAsOfDate().equals(lastDay))
            .sorted(Comparator.comparingDouble(EmergingPhrase::getGrowth).reversed())
            .toList();
    EmergingPhrase phrase = latest.get(0);
    assertThat(phrase.getPhrase()).isEqualTo(PHRASE);
    assertThat(phrase.getFirstSeenDate()).isEqualTo(START.plusDays(PHRASE_DAY));
    long withPhrase = papers.stream().filter(p -> p.getKeyphrases().contains(PHRASE)).count();
    assertThat(phrase.getPapers()).isEqualTo(withPhrase).isEqualTo(4L * (DIGESTS - PHRASE_DAY));
  }
}
