package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Bad input: each case enriches without an exception, twice to the same record (what a replay
 * does), and within the stated bounds.
 */
class BadInputTest {
  private static final PaperEnricher ENRICHER = PaperEnricher.loadDefault();

  private static EnrichedPaper twice(String title, String abstractText) {
    UniquePaper p = PaperEnricherTest.paper("p", title, abstractText, LocalDate.of(2025, 8, 12));
    EnrichedPaper first = ENRICHER.enrich(p, Instant.EPOCH);
    EnrichedPaper second = ENRICHER.enrich(p, Instant.EPOCH);
    assertThat(second).isEqualTo(first);
    assertThat(first.getKeyphrases()).hasSizeLessThanOrEqualTo(KeyphraseExtractor.MAX_KEYPHRASES);
    return first;
  }

  @Test
  void shouldEnrichAnEmptyAbstract() {
    EnrichedPaper e = twice("", "");
    assertThat(e.getKeyphrases()).isEmpty();
    assertThat(e.getMentions()).isEmpty();
    assertThat(twice("Sparse Attention for Video", "").getKeyphrases()).isNotEmpty();
  }

  @Test
  void shouldCutATwentyThousandWordAbstractToTheModelsWindow() {
    StringBuilder text = new StringBuilder("We study quokka routing in sparse transformers. ");
    for (int i = 0; i < 20_000; i++) {
      text.append(i % 50 == 49 ? "filler. " : "word" + (i % 997) + " ");
    }
    long start = System.nanoTime();
    EnrichedPaper e = twice("Quokka Routing", text.toString());
    assertThat(e.getKeyphrases()).isNotEmpty();
    assertThat(e.getWordCount()).isGreaterThan(20_000);
    // two enrichments of the head only: seconds, not the minutes of 20,000 words through the model
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(30);
  }

  @Test
  void shouldEnrichNonEnglishText() {
    EnrichedPaper e =
        twice(
            "Модели языка: обзор",
            "Мы изучаем большие языковые модели. 我们提出了一种新的方法。 Nous proposons une"
                + " méthode d'apprentissage profond.");
    assertThat(e.getKeyphrases()).allMatch(k -> !k.isBlank());
  }

  @Test
  void shouldEnrichTextWithControlCharacters() {
    EnrichedPaper e =
        twice(
            "Sparse\u0000 Attention\u0007",
            "We \u0001propose\u001b[31m sparse attention\u0000 for \uFFFF video\r\n\tmodels\uD800."
                + " Sparse attention\u200b helps.");
    assertThat(e.getKeyphrases()).allMatch(k -> k.chars().noneMatch(c -> c < 0x20));
  }
}
