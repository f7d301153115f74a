package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;

/**
 * The text of one paper as every {@link Enrichment} reads it: title and abstract, each tokenized
 * once, and the paper's sentence embedding, computed at most once, at first use. One instance is
 * shared by all the enrichments of a paper on one thread.
 */
public final class TokenizedPaper {
  private final Tokens title;
  private final Tokens abstractText;
  private final TextEmbedder embedder;
  private float[] vector;

  private TokenizedPaper(Tokens title, Tokens abstractText, TextEmbedder embedder) {
    this.title = title;
    this.abstractText = abstractText;
    this.embedder = embedder;
  }

  /** Tokenizes {@code title} and {@code abstractText} (null reads as empty); no embedder. */
  public static TokenizedPaper of(String title, String abstractText) {
    return of(title, abstractText, null);
  }

  /**
   * Tokenizes {@code title} and {@code abstractText} (null reads as empty); {@link #vector()} and
   * {@link #embedder()} use {@code embedder}.
   */
  public static TokenizedPaper of(String title, String abstractText, TextEmbedder embedder) {
    return new TokenizedPaper(Tokens.of(title), Tokens.of(abstractText), embedder);
  }

  /** The sentence-embedding model of this enrichment; fails when it was built without one. */
  public TextEmbedder embedder() {
    if (embedder == null) {
      throw new IllegalStateException(
          "this paper was tokenized without a sentence-embedding model");
    }
    return embedder;
  }

  /**
   * The unit-length embedding of the paper (title, a full stop, abstract), computed at the first
   * call and kept.
   */
  public float[] vector() {
    if (vector == null) {
      vector = embedder().embed(title() + ". " + abstractText());
    }
    return vector;
  }

  /** The title ("" for null). */
  public String title() {
    return title.text();
  }

  /** The abstract ("" for null). */
  public String abstractText() {
    return abstractText.text();
  }

  /** The tokens of the title. */
  public Tokens titleTokens() {
    return title;
  }

  /** The tokens of the abstract. */
  public Tokens abstractTokens() {
    return abstractText;
  }
}
