package dev.paperspipeline.streams.analytics;

/**
 * Options of {@code emerging-phrases} ({@link EmergingPhrasesTopology}).
 *
 * @param windowDays N: a keyphrase is emerging while fewer than N days passed since its first
 *     digest date (7)
 * @param minPapers papers a phrase needs before it is reported (3)
 * @param examples papers named in each record (5, the most the contract allows)
 */
public record EmergingOptions(int windowDays, int minPapers, int examples) {
  /** Default N: 7 days. */
  public static final int DEFAULT_WINDOW_DAYS = 7;

  /** Default minimum papers: 3. */
  public static final int DEFAULT_MIN_PAPERS = 3;

  /** Default examples per record: 5. */
  public static final int DEFAULT_EXAMPLES = 5;

  public EmergingOptions {
    if (windowDays < 1 || minPapers < 1 || examples < 0 || examples > 5) {
      throw new IllegalArgumentException(
          "windowDays and minPapers must be positive, examples in 0..5");
    }
  }

  /** The defaults. */
  public static EmergingOptions defaults() {
    return new EmergingOptions(DEFAULT_WINDOW_DAYS, DEFAULT_MIN_PAPERS, DEFAULT_EXAMPLES);
  }
}
