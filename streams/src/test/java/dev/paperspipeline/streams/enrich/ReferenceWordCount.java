package dev.paperspipeline.streams.enrich;

/**
 * The word count of the schema's {@code wordCount} written plainly, as the reference that {@link
 * Tokens#wordCount()} (counted while tokenizing) is checked against.
 */
final class ReferenceWordCount {
  private ReferenceWordCount() {}

  /** Whitespace-separated words that contain at least one letter or digit. */
  static int of(String text) {
    if (text == null) {
      return 0;
    }
    int count = 0;
    boolean inWord = false;
    boolean hasAlnum = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (inWord && hasAlnum) {
          count++;
        }
        inWord = false;
        hasAlnum = false;
      } else {
        inWord = true;
        hasAlnum |= Character.isLetterOrDigit(c);
      }
    }
    return inWord && hasAlnum ? count + 1 : count;
  }
}
