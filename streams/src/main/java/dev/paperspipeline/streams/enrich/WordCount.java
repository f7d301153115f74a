package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;

/**
 * The word count of the abstract: whitespace-separated words holding at least one letter or digit,
 * counted by the tokenizer in the same pass ({@link Tokens#wordCount()}).
 */
public final class WordCount implements Enrichment {
  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setWordCount(paper.abstractTokens().wordCount());
  }
}
