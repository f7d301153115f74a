package dev.paperspipeline.streams.enrich;

import java.util.Arrays;
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

  // Classes of ASCII characters, so that the common case needs no Character lookups.
  private static final byte OTHER = 0;
  private static final byte LOWER = 1; // a-z and 0-9: already lower case
  private static final byte UPPER = 2;
  private static final byte SPACE = 3; // Character.isWhitespace
  private static final byte JOINER = 4;
  private static final byte[] ASCII = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      byte k = OTHER;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        k = LOWER;
      } else if (c >= 'A' && c <= 'Z') {
        k = UPPER;
      } else if (Character.isWhitespace(c)) {
        k = SPACE;
      } else if (c == '-' || c == '\'') {
        k = JOINER;
      }
      ASCII[c] = k;
    }
  }

  private static final Gap[] GAPS = Gap.values();

  private String[] original;
  private String[] lower;
  private String[] stems;
  private byte[] gaps;
  private int size;

  private Tokens(int capacity) {
    original = new String[capacity];
    lower = new String[capacity];
    stems = new String[capacity];
    gaps = new byte[capacity];
  }

  /** Tokenizes {@code text}; null or blank text gives no tokens. */
  public static Tokens of(String text) {
    if (text == null) {
      return new Tokens(0);
    }
    int n = text.length();
    // about one token per six characters of English
    Tokens t = new Tokens(Math.max(8, n / 5));
    int i = 0;
    Gap gap = Gap.BREAK;
    while (i < n) {
      char c = text.charAt(i);
      byte k = c < 128 ? ASCII[c] : -1;
      if (k == LOWER || k == UPPER || (k < 0 && Character.isLetterOrDigit(text.codePointAt(i)))) {
        int start = i;
        boolean hasUpper = false;
        boolean ascii = true;
        while (i < n) {
          char d = text.charAt(i);
          if (d < 128) {
            byte kd = ASCII[d];
            if (kd == LOWER) {
              i++;
            } else if (kd == UPPER) {
              hasUpper = true;
              i++;
            } else {
              break;
            }
          } else {
            int cp = text.codePointAt(i);
            if (!Character.isLetterOrDigit(cp)) {
              break;
            }
            ascii = false;
            i += Character.charCount(cp);
          }
        }
        t.add(text, start, i, hasUpper, ascii, gap);
        gap = Gap.SPACE;
      } else if (k >= 0) {
        if (k == JOINER) {
          if (gap == Gap.SPACE) {
            gap = Gap.JOIN;
          }
        } else if (k != SPACE) {
          gap = Gap.BREAK;
        }
        i++;
      } else {
        int cp = text.codePointAt(i);
        if (cp == '\u2019' || cp == '\u2010' || cp == '\u2011') {
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

  private void add(String text, int start, int end, boolean hasUpper, boolean ascii, Gap gap) {
    if (size == lower.length) {
      int capacity = size * 2;
      original = Arrays.copyOf(original, capacity);
      lower = Arrays.copyOf(lower, capacity);
      stems = Arrays.copyOf(stems, capacity);
      gaps = Arrays.copyOf(gaps, capacity);
    }
    String word = text.substring(start, end);
    String lc;
    if (!ascii) {
      // whole-word lower-casing: it depends on context (final sigma) and may change the length
      lc = word.toLowerCase(Locale.ROOT);
    } else if (hasUpper) {
      char[] chars = new char[end - start];
      for (int k = 0; k < chars.length; k++) {
        char c = text.charAt(start + k);
        chars[k] = c <= 'Z' && c >= 'A' ? (char) (c + ('a' - 'A')) : c;
      }
      lc = new String(chars);
    } else {
      lc = word;
    }
    original[size] = word;
    lower[size] = lc;
    stems[size] = stem(lc);
    gaps[size] = (byte) gap.ordinal();
    size++;
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
    return size;
  }

  public String original(int i) {
    return original[index(i)];
  }

  public String lower(int i) {
    return lower[index(i)];
  }

  public String stem(int i) {
    return stems[index(i)];
  }

  public Gap gap(int i) {
    return GAPS[gaps[index(i)]];
  }

  private int index(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException("token " + i + " of " + size);
    }
    return i;
  }

  public List<String> lowerList() {
    return List.of(Arrays.copyOf(lower, size));
  }

  public List<String> stemList() {
    return List.of(Arrays.copyOf(stems, size));
  }

  public List<String> originalList() {
    return List.of(Arrays.copyOf(original, size));
  }

  // The arrays themselves for the matchers of this package: valid up to size(), never modified.

  String[] lowerArray() {
    return lower;
  }

  String[] stemArray() {
    return stems;
  }

  String[] originalArray() {
    return original;
  }

  /** The gap before token {@code i} as {@link Gap#ordinal()}. */
  byte gapOrdinal(int i) {
    return gaps[i];
  }
}
