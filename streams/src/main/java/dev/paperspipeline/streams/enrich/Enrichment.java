package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;

/**
 * One enrichment of a paper (its topics, its keyphrases, ...): sets its own fields of the enriched
 * record, and only those, from the tokenized title and abstract. {@link PaperEnricher} tokenizes
 * each paper once and hands the same view to every enrichment it was given; adding an enrichment is
 * a new implementation plus its line in {@link PaperEnricher#loadDefault()}.
 *
 * <p>Implementations are built once and called from any thread, so they must be thread-safe, and
 * must depend only on the paper (the same paper enriches to the same fields).
 */
public interface Enrichment {
  /** Sets this enrichment's fields of {@code out} from {@code paper}. */
  void enrich(TokenizedPaper paper, EnrichedPaper.Builder out);
}
