package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.List;

/**
 * The text of one paper as every {@link Enrichment} reads it: title and abstract, each tokenized
 * once, and the paper's sentence embedding, computed at most once, at first use. One instance is
 * shared by all the enrichments of a paper on one thread.
 */
public final class TokenizedPaper {
  private final Tokens title;
  private final Tokens abstractText;
  private final TextEmbedder embedder;
  private final PhraseEmbeddings phrases;
  private float[] vector;
  private List<Units.Unit> titleUnits;
  private List<Units.Unit> abstractUnits;
  private PaperNames names;

  /**
   * Words of the abstract read at most: the model's window is 256 word pieces (about 180 words),
   * and an abstract is rarely longer than 400 words; a longer text (a pasted paper, a 20,000-word
   * abstract) is cut here, so that its cost stays that of an abstract.
   */
  public static final int MAX_ABSTRACT_WORDS = 400;

  private TokenizedPaper(
      Tokens title, Tokens abstractText, TextEmbedder embedder, PhraseEmbeddings phrases) {
    this.title = title;
    this.abstractText = abstractText;
    this.embedder = embedder;
    this.phrases = phrases;
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
    return of(title, abstractText, embedder, null);
  }

  /**
   * As {@link #of(String, String, TextEmbedder)}, {@link #phraseVectors} reading {@code phrases} (a
   * cache over the same embedder; null: none).
   */
  static TokenizedPaper of(
      String title, String abstractText, TextEmbedder embedder, PhraseEmbeddings phrases) {
    return new TokenizedPaper(Tokens.of(title), Tokens.of(abstractText), embedder, phrases);
  }

  /** Whether this paper was tokenized with a sentence-embedding model. */
  public boolean hasEmbedder() {
    return embedder != null;
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
   * The unit-length embedding of the paper (title, a full stop, the first {@link
   * #MAX_ABSTRACT_WORDS} words of the abstract), computed at the first call and kept.
   */
  public float[] vector() {
    if (vector == null) {
      vector = embedder().embed(title() + ". " + head(abstractText(), MAX_ABSTRACT_WORDS));
    }
    return vector;
  }

  /**
   * The unit-length embeddings of the short texts {@code texts} (a paper's candidate phrases), in
   * order, through the enricher's phrase cache when it has one.
   */
  List<float[]> phraseVectors(List<String> texts) {
    return phrases == null ? embedder().embedAll(texts) : phrases.embedAll(texts);
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

  /** The first {@code max} whitespace-separated words of {@code text} (all of it when shorter). */
  static String head(String text, int max) {
    int words = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord && ++words > max) {
        return text.substring(0, i).trim();
      }
      inWord = !space;
    }
    return text;
  }

  /** The words of the title. */
  List<Units.Unit> titleUnits() {
    if (titleUnits == null) {
      titleUnits = Units.of(title);
    }
    return titleUnits;
  }

  /** The words of the abstract, at most {@link #MAX_ABSTRACT_WORDS} x 2 (a cut past the window). */
  List<Units.Unit> abstractUnits() {
    if (abstractUnits == null) {
      List<Units.Unit> all = Units.of(abstractText);
      abstractUnits =
          all.size() > 2 * MAX_ABSTRACT_WORDS ? all.subList(0, 2 * MAX_ABSTRACT_WORDS) : all;
    }
    return abstractUnits;
  }

  /** The names the paper gives (its own, its acronyms), found once. */
  PaperNames names() {
    if (names == null) {
      names = PaperNames.of(title(), titleUnits(), head(abstractText(), 2 * MAX_ABSTRACT_WORDS));
    }
    return names;
  }
}
