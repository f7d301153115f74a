package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.EnrichmentVersion;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure enrichment function: a unique paper in, an enriched paper out. Copies what the paper
 * already has, tokenizes title and abstract once and lets each {@link Enrichment} set its fields.
 * Thread-safe; its only state is a bounded cache of phrase embeddings, shared by the threads that
 * call it, which changes the cost of a paper, never its result.
 */
public final class PaperEnricher {
  /**
   * The version of the keyphrase, name and mention extractors, recorded on every enriched paper as
   * {@code enrichmentVersion.extractor}. Bump it when keyphrase, name or mention extraction
   * changes, so that consumers can tell papers enriched before and after apart.
   */
  public static final String EXTRACTOR_VERSION = "extractors-v4";

  /** {@code enrichmentVersion.model} and {@code .taxonomy} when the enricher has none. */
  public static final String NONE = "none";

  private final List<Enrichment> enrichments;
  private final TextEmbedder embedder;
  private final PhraseEmbeddings phrases;

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
    this.phrases =
        embedder == null
            ? null
            : new PhraseEmbeddings(embedder, PhraseEmbeddings.DEFAULT_MAX_ENTRIES);
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
    return loadDefault(MiniLmEmbedder.shared());
  }

  /**
   * {@link #loadDefault()} reading the model through {@code embedder}, e.g. a decorator of {@link
   * MiniLmEmbedder#shared()} that records what is embedded ({@code papers bench}: the model's
   * ceiling).
   */
  public static PaperEnricher loadDefault(TextEmbedder embedder) {
    return new PaperEnricher(
        List.of(
            new TopicClassifier(Taxonomy.loadDefault(), TopicModel.loadDefault()),
            new KeyphraseExtractor(),
            new LinkExtractor(),
            MentionExtractor.loadDefault(),
            new WordCount()),
        embedder);
  }

  /**
   * An enriched paper and its embedding, computed from the same vector.
   *
   * @param paper the enriched paper
   * @param embedding the paper's embedding for {@code paper-embeddings}, or null when the enricher
   *     has no model
   */
  public record Enriched(EnrichedPaper paper, PaperEmbedding embedding) {}

  /**
   * Enriches {@code paper} from its text alone (a paper's enrichment never depends on the papers
   * before it); {@code now} becomes {@code enrichedAt}.
   */
  public EnrichedPaper enrich(UniquePaper paper, Instant now) {
    return enrichWithEmbedding(paper, now).paper();
  }

  /**
   * Enriches {@code paper} from its text alone and returns it with its embedding ({@link
   * TokenizedPaper#vector()}, the one the enrichments read: the paper is embedded once); {@code
   * now} becomes {@code enrichedAt}.
   */
  public Enriched enrichWithEmbedding(UniquePaper paper, Instant now) {
    EnrichedPaper.Builder out =
        EnrichedPaper.newBuilder()
            .setPaperId(paper.getPaperId())
            .setTitle(paper.getTitle())
            .setAbstractText(paper.getAbstractText())
            .setDigestDate(paper.getFirstDigestDate())
            .setFirstLineage(paper.getFirstLineage())
            .setEnrichedAt(now);
    TokenizedPaper text =
        TokenizedPaper.of(paper.getTitle(), paper.getAbstractText(), embedder, phrases);
    for (Enrichment e : enrichments) {
      e.enrich(text, out);
    }
    out.setEnrichmentVersion(
        EnrichmentVersion.newBuilder()
            .setModel(embedder == null ? NONE : embedder.modelId())
            .setTaxonomy(out.hasTaxonomyVersion() ? out.getTaxonomyVersion() : NONE)
            .setExtractor(EXTRACTOR_VERSION)
            .build());
    EnrichedPaper enriched = out.build();
    PaperEmbedding embedding = null;
    if (embedder != null) {
      float[] v = text.vector();
      List<Float> vector = new ArrayList<>(v.length);
      for (float x : v) {
        vector.add(x);
      }
      embedding =
          PaperEmbedding.newBuilder()
              .setPaperId(enriched.getPaperId())
              .setTitle(enriched.getTitle())
              .setModel(embedder.modelId())
              .setVector(vector)
              .setDigestDate(enriched.getDigestDate())
              .build();
    }
    return new Enriched(enriched, embedding);
  }
}
