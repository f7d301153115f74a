package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroMissingFieldException;
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
    assertThat(e.getTaxonomyVersion()).isEqualTo("taxonomy-v3");
    assertThat(e.getKeyphrases()).contains("speech tokenizer"); // the canonical, singular form
    assertThat(e.getCodeLinks()).hasSize(1);
    assertThat(e.getCodeLinks().get(0).getUrl()).isEqualTo("https://github.com/acme/speechtok");
    assertThat(e.getMentions()).containsExactly("LibriSpeech");
    assertThat(e.getWordCount()).isEqualTo(12);
    assertThat(e.getEnrichedAt()).isEqualTo(now);
    assertThat(e.getFirstLineage()).isEqualTo(p.getFirstLineage());
  }

  @Test
  void shouldCountWordsByWhitespaceIgnoringBarePunctuation() {
    String text = "  one two-three , four.\nfive ";

    assertThat(Tokens.of(text).wordCount()).isEqualTo(4);
    assertThat(ReferenceWordCount.of(text)).isEqualTo(4);
    assertThat(Tokens.of("").wordCount()).isZero();
  }

  @Test
  void shouldRunEveryEnrichmentItIsGivenOnTheSameTokens() {
    Enrichment titleWords = (paper, out) -> out.setKeyphrases(paper.titleTokens().lowerList());
    PaperEnricher enricher =
        new PaperEnricher(
            List.of(new TopicClassifier(Taxonomy.loadDefault()), titleWords, new WordCount()));

    EnrichedPaper e =
        enricher.enrich(
            paper("p2", "Agents Plan", "Two words.", LocalDate.of(2025, 8, 12)), Instant.EPOCH);

    assertThat(e.getKeyphrases()).containsExactly("agents", "plan");
    assertThat(e.getWordCount()).isEqualTo(2);
    assertThat(e.getTaxonomyVersion()).isEqualTo("taxonomy-v2");
    // the fields of enrichments not given keep the schema's defaults
    assertThat(e.getCodeLinks()).isEmpty();
    assertThat(e.getMentions()).isEmpty();
  }

  @Test
  void shouldFailWhenNoEnrichmentSetsAFieldWithoutDefault() {
    PaperEnricher withoutTopics = new PaperEnricher(List.of(new WordCount()));
    UniquePaper p = paper("p3", "T", "A.", LocalDate.of(2025, 8, 12));

    assertThatThrownBy(() -> withoutTopics.enrich(p, Instant.EPOCH))
        .isInstanceOf(AvroMissingFieldException.class)
        .hasMessageContaining("taxonomyVersion");
  }

  /** The shared model, counting the texts it is asked to embed. */
  private static final class CountingEmbedder implements TextEmbedder {
    final AtomicInteger texts = new AtomicInteger();

    @Override
    public String modelId() {
      return MiniLmEmbedder.shared().modelId();
    }

    @Override
    public int dimension() {
      return MiniLmEmbedder.shared().dimension();
    }

    @Override
    public float[] embed(String text) {
      texts.incrementAndGet();
      return MiniLmEmbedder.shared().embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> batch) {
      texts.addAndGet(batch.size());
      return MiniLmEmbedder.shared().embedAll(batch);
    }
  }

  @Test
  void shouldEmbedAPhraseOncePerEnricherAndStartEachEnricherCold() {
    UniquePaper p =
        paper(
            "p4",
            "Speech Tokenizers for Large Language Models",
            "We train speech tokenizers for large language models on LibriSpeech.",
            LocalDate.of(2025, 8, 12));
    CountingEmbedder model = new CountingEmbedder();
    PaperEnricher enricher = PaperEnricher.loadDefault(model);

    EnrichedPaper first = enricher.enrich(p, Instant.EPOCH);
    int cold = model.texts.getAndSet(0);
    EnrichedPaper again = enricher.enrich(p, Instant.EPOCH);
    int warm = model.texts.getAndSet(0);
    EnrichedPaper fresh = PaperEnricher.loadDefault(model).enrich(p, Instant.EPOCH);
    int freshCold = model.texts.get();

    // the paper's own vector each time, its phrases only the first time per enricher
    assertThat(cold).isGreaterThan(2);
    assertThat(warm).isEqualTo(1);
    assertThat(freshCold).isEqualTo(cold);
    assertThat(again).isEqualTo(first);
    assertThat(fresh).isEqualTo(first);
  }
}
