package dev.paperspipeline.streams.enrich;

/**
 * The text of one paper as every {@link Enrichment} reads it: title and abstract, each tokenized
 * once. Read-only, so one instance is shared by all the enrichments of a paper.
 */
public final class TokenizedPaper {
  private final Tokens title;
  private final Tokens abstractText;

  private TokenizedPaper(Tokens title, Tokens abstractText) {
    this.title = title;
    this.abstractText = abstractText;
  }

  /** Tokenizes {@code title} and {@code abstractText} (null reads as empty). */
  public static TokenizedPaper of(String title, String abstractText) {
    return new TokenizedPaper(Tokens.of(title), Tokens.of(abstractText));
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
