package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import java.time.Instant;
import java.util.List;

/**
 * The pure enrichment function: a unique paper in, an enriched paper out. Copies what the paper
 * already has, tokenizes title and abstract once and lets each {@link Enrichment} set its fields.
 * Thread-safe and stateless after construction.
 */
public final class PaperEnricher {
  private final List<Enrichment> enrichments;

  /** An enricher running {@code enrichments} in this order on every paper. */
  public PaperEnricher(List<Enrichment> enrichments) {
    this.enrichments = List.copyOf(enrichments);
  }

  /** An enricher with the default taxonomy and dataset list: every enrichment of the pipeline. */
  public static PaperEnricher loadDefault() {
    return new PaperEnricher(
        List.of(
            new TopicClassifier(Taxonomy.loadDefault()),
            new KeyphraseExtractor(),
            new LinkExtractor(),
            MentionExtractor.loadDefault(),
            new WordCount()));
  }

  /** Enriches {@code paper}; {@code now} becomes {@code enrichedAt}. */
  public EnrichedPaper enrich(UniquePaper paper, Instant now) {
    EnrichedPaper.Builder out =
        EnrichedPaper.newBuilder()
            .setPaperId(paper.getPaperId())
            .setTitle(paper.getTitle())
            .setAbstractText(paper.getAbstractText())
            .setDigestDate(paper.getFirstDigestDate())
            .setFirstLineage(paper.getFirstLineage())
            .setEnrichedAt(now);
    TokenizedPaper text = TokenizedPaper.of(paper.getTitle(), paper.getAbstractText());
    for (Enrichment e : enrichments) {
      e.enrich(text, out);
    }
    return out.build();
  }
}
