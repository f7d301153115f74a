package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks on the real digests that topic assignment looks sensible; skipped when absent. */
class SharedDigestsEnrichmentTest {
  private static final Logger log = LoggerFactory.getLogger(SharedDigestsEnrichmentTest.class);

  @Test
  void shouldAssignARealTopicToAlmostEveryRealPaper() {
    List<PaperEvent> events = SharedDigests.events(SharedDigests.dirOrSkip(), Instant.EPOCH);
    Map<String, PaperEvent> unique = new LinkedHashMap<>();
    events.forEach(e -> unique.putIfAbsent(e.getPaperId(), e));
    PaperEnricher enricher = PaperEnricher.loadDefault();

    Map<String, Integer> perTopic = new TreeMap<>();
    Map<String, Integer> keyphrases = new HashMap<>();
    int other = 0;
    int withLinks = 0;
    for (PaperEvent e : unique.values()) {
      EnrichedPaper p =
          enricher.enrich(dev.paperspipeline.streams.dedupe.Sightings.first(e), Instant.EPOCH);
      p.getTopics().forEach(t -> perTopic.merge(t, 1, Integer::sum));
      p.getKeyphrases().forEach(k -> keyphrases.merge(k, 1, Integer::sum));
      if (p.getTopics().equals(List.of("other"))) {
        other++;
        log.info("other: {}", p.getTitle());
      }
      if (!p.getCodeLinks().isEmpty()) {
        withLinks++;
      }
      assertThat(p.getKeyphrases()).isNotEmpty();
    }
    log.info("{} unique papers; topics {}; with code links {}", unique.size(), perTopic, withLinks);
    log.info(
        "most common keyphrases {}",
        keyphrases.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
            .limit(25)
            .toList());

    assertThat(unique).isNotEmpty();
    assertThat(other).isLessThanOrEqualTo(unique.size() / 25);
    assertThat(perTopic.keySet()).contains("llm", "diffusion", "reasoning", "multimodal");
  }
}
