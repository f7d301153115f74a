package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text split once into word tokens (runs of letters and digits), so that every matcher works on
 * the same token list instead of running its own regular expressions.
 *
 * <p>For each token it keeps the original spelling, the lower-case form, a light stem (used by the
 * taxonomy so that "agents" matches "agent"), and what separated it from the previous token: a
 * hyphen or apostrophe joins words ("text-to-image"), other punctuation breaks phrases.
 */
public final class Tokens {
  /** What lies between a token and the one before it. */
  public enum Gap {
    /** Only whitespace. */
    SPACE,
    /** A hyphen or apostrophe (possibly with no whitespace): the words belong together. */
    JOIN,
    /** Sentence or clause punctuation, brackets, quotes, slashes: phrases end here. */
    BREAK
  }

  private final List<String> original = new ArrayList<>();
  private final List<String> lower = new ArrayList<>();
  private final List<String> stems = new ArrayList<>();
  private final List<Gap> gaps = new ArrayList<>();

  private Tokens() {}

  /** Tokenizes {@code text}; null or blank text gives no tokens. */
  public static Tokens of(String text) {
    Tokens t = new Tokens();
    if (text == null) {
      return t;
    }
    int n = text.length();
    int i = 0;
    Gap gap = Gap.BREAK;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int start = i;
        while (i < n) {
          int c = text.codePointAt(i);
          if (!Character.isLetterOrDigit(c)) {
            break;
          }
          i += Character.charCount(c);
        }
        String word = text.substring(start, i);
        t.original.add(word);
        String lc = word.toLowerCase(Locale.ROOT);
        t.lower.add(lc);
        t.stems.add(stem(lc));
        t.gaps.add(gap);
        gap = Gap.SPACE;
      } else {
        if (cp == '-' || cp == '\'' || cp == '\u2019' || cp == '\u2010' || cp == '\u2011') {
          if (gap == Gap.SPACE) {
            gap = Gap.JOIN;
          }
        } else if (!Character.isWhitespace(cp)) {
          gap = Gap.BREAK;
        }
        i += Character.charCount(cp);
      }
    }
    return t;
  }

  /**
   * A deliberately light stemmer: drops a plural "s" (not "ss", "us", "is") from words longer than
   * three letters. Enough for "models"/"model", "llms"/"llm", "agents"/"agent".
   */
  public static String stem(String lowerWord) {
    int n = lowerWord.length();
    if (n > 3 && lowerWord.charAt(n - 1) == 's') {
      char before = lowerWord.charAt(n - 2);
      if (before != 's' && before != 'u' && before != 'i') {
        return lowerWord.substring(0, n - 1);
      }
    }
    return lowerWord;
  }

  public int size() {
    return lower.size();
  }

  public String original(int i) {
    return original.get(i);
  }

  public String lower(int i) {
    return lower.get(i);
  }

  public String stem(int i) {
    return stems.get(i);
  }

  public Gap gap(int i) {
    return gaps.get(i);
  }

  public List<String> lowerList() {
    return lower;
  }

  public List<String> stemList() {
    return stems;
  }

  public List<String> originalList() {
    return original;
  }
}
