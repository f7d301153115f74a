package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.UniquePaper;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PaperEnricherTest {

  static UniquePaper paper(String id, String title, String abstractText, LocalDate date) {
    Instant t = Instant.parse("2025-08-12T08:00:00Z");
    return UniquePaper.newBuilder()
        .setPaperId(id)
        .setTitle(title)
        .setAbstractText(abstractText)
        .setFirstDigestDate(date)
        .setLastDigestDate(date)
        .setSightings(1)
        .setFirstLineage(new Lineage("d.txt", "ab".repeat(32), 1, 10))
        .setFirstSeenAt(t)
        .setLastSeenAt(t)
        .build();
  }

  @Test
  void shouldEnrichEveryField() {
    Instant now = Instant.parse("2025-08-13T00:00:00Z");
    UniquePaper p =
        paper(
            "p1",
            "Speech Tokenizers for Large Language Models",
            "We train speech tokenizers for large language models on LibriSpeech. Code:"
                + " https://github.com/acme/speechtok.",
            LocalDate.of(2025, 8, 12));

    EnrichedPaper e = PaperEnricher.loadDefault().enrich(p, now);

    assertThat(e.getPaperId()).isEqualTo("p1");
    assertThat(e.getDigestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(e.getTopics()).contains("llm", "speech-audio");
    assertThat(e.getTaxonomyVersion()).isEqualTo("taxonomy-v2");
    assertThat(e.getKeyphrases()).contains("speech tokenizers");
    assertThat(e.getCodeLinks()).hasSize(1);
    assertThat(e.getCodeLinks().get(0).getUrl()).isEqualTo("https://github.com/acme/speechtok");
    assertThat(e.getMentions()).containsExactly("LibriSpeech");
    assertThat(e.getWordCount()).isEqualTo(12);
    assertThat(e.getEnrichedAt()).isEqualTo(now);
    assertThat(e.getFirstLineage()).isEqualTo(p.getFirstLineage());
  }

  @Test
  void shouldCountWordsByWhitespaceIgnoringBarePunctuation() {
    assertThat(PaperEnricher.wordCount("  one two-three , four.\nfive ")).isEqualTo(4);
    assertThat(PaperEnricher.wordCount("")).isZero();
  }
}
