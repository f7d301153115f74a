package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.time.Instant;
import java.util.List;

/**
 * The pure enrichment function: a unique paper in, an enriched paper out. Copies what the paper
 * already has, tokenizes title and abstract once and lets each {@link Enrichment} set its fields.
 * Thread-safe and stateless after construction.
 */
public final class PaperEnricher {
  private final List<Enrichment> enrichments;
  private final TextEmbedder embedder;

  /** An enricher running {@code enrichments} in this order on every paper, with no model. */
  public PaperEnricher(List<Enrichment> enrichments) {
    this(enrichments, null);
  }

  /**
   * An enricher running {@code enrichments} in this order on every paper; {@code embedder} is the
   * sentence-embedding model they read through {@link TokenizedPaper#vector()}.
   */
  public PaperEnricher(List<Enrichment> enrichments, TextEmbedder embedder) {
    this.enrichments = List.copyOf(enrichments);
    this.embedder = embedder;
  }

  /** The sentence-embedding model of this enricher, or null when it has none. */
  public TextEmbedder embedder() {
    return embedder;
  }

  /**
   * An enricher with the default taxonomy, topic model and dataset list: every enrichment of the
   * pipeline.
   */
  public static PaperEnricher loadDefault() {
    return new PaperEnricher(
        List.of(
            new TopicClassifier(Taxonomy.loadDefault(), TopicModel.loadDefault()),
            new KeyphraseExtractor(),
            new LinkExtractor(),
            MentionExtractor.loadDefault(),
            new WordCount()),
        MiniLmEmbedder.shared());
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
    TokenizedPaper text = TokenizedPaper.of(paper.getTitle(), paper.getAbstractText(), embedder);
    for (Enrichment e : enrichments) {
      e.enrich(text, out);
    }
    return out.build();
  }
}
