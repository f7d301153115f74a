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

  /** One of the spellings of a token that matchers look up. */
  enum Form {
    ORIGINAL,
    LOWER,
    STEM
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

  // Tokens are ranges of the text: most are ASCII, and their forms are compared and hashed in
  // place (hashes computed while tokenizing, as String.hashCode would), so that matching needs no
  // String per token. Only non-ASCII tokens get their lower-case and stem as Strings (lowerText,
  // stemText), as lower-casing may then change the length or depend on context (final sigma).
  private final String text;
  private final char[] chars;
  // chars with A-Z lower-cased at ASCII tokens: a copy of chars (a bulk copy costs less than
  // zeroing an array and storing every char of every token), upper-case letters then lowered
  private final char[] lowerChars;
  private int[] starts;
  private int[] ends;
  private int[] originalHashes;
  private int[] lowerHashes;
  private int[] stemHashes;
  private byte[] gaps;
  private boolean[] stemDropsS; // ASCII tokens: the stem is the lower case without its last 's'
  private String[] lowerText; // non-ASCII tokens only
  private String[] stemText; // non-ASCII tokens only
  private int size;
  private int wordCount;

  private Tokens(String text, int capacity) {
    this.text = text;
    this.chars = text.toCharArray();
    this.lowerChars = chars.clone();
    starts = new int[capacity];
    ends = new int[capacity];
    originalHashes = new int[capacity];
    lowerHashes = new int[capacity];
    stemHashes = new int[capacity];
    gaps = new byte[capacity];
    stemDropsS = new boolean[capacity];
  }

  /** Tokenizes {@code text}; null or blank text gives no tokens. */
  public static Tokens of(String text) {
    if (text == null) {
      return new Tokens("", 0);
    }
    int n = text.length();
    // about one token per six characters of English
    Tokens t = new Tokens(text, Math.max(8, n / 5));
    char[] chars = t.chars;
    char[] lowerChars = t.lowerChars;
    int i = 0;
    Gap gap = Gap.BREAK;
    // the word count on the fly: whitespace-separated words holding a BMP letter or digit
    boolean inWord = false;
    boolean wordHasAlnum = false;
    while (i < n) {
      char c = chars[i];
      byte k = c < 128 ? ASCII[c] : -1;
      if (k == LOWER
          || k == UPPER
          || (k < 0 && Character.isLetterOrDigit(Character.codePointAt(chars, i)))) {
        int start = i;
        int originalHash = 0;
        int lowerHash = 0;
        int lowerHashButLast = 0;
        boolean ascii = true;
        boolean bmpAlnum = false;
        while (i < n) {
          char d = chars[i];
          if (d < 128) {
            byte kd = ASCII[d];
            if (kd == LOWER) {
              lowerHashButLast = lowerHash;
              originalHash = 31 * originalHash + d;
              lowerHash = 31 * lowerHash + d;
              i++;
            } else if (kd == UPPER) {
              lowerHashButLast = lowerHash;
              originalHash = 31 * originalHash + d;
              char lc = (char) (d + ('a' - 'A'));
              lowerHash = 31 * lowerHash + lc;
              lowerChars[i] = lc;
              i++;
            } else {
              break;
            }
          } else {
            int cp = Character.codePointAt(chars, i);
            if (!Character.isLetterOrDigit(cp)) {
              break;
            }
            ascii = false;
            bmpAlnum |= Character.isBmpCodePoint(cp);
            i += Character.charCount(cp);
          }
        }
        bmpAlnum |= ascii || hasAsciiChar(chars, start, i);
        wordHasAlnum |= bmpAlnum;
        inWord = true;
        if (ascii) {
          t.addAscii(start, i, originalHash, lowerHash, lowerHashButLast, gap);
        } else {
          t.addOther(start, i, gap);
        }
        gap = Gap.SPACE;
      } else if (k >= 0) {
        if (k == SPACE) {
          if (inWord && wordHasAlnum) {
            t.wordCount++;
          }
          inWord = false;
          wordHasAlnum = false;
        } else {
          inWord = true;
          if (k == JOINER) {
            if (gap == Gap.SPACE) {
              gap = Gap.JOIN;
            }
          } else {
            gap = Gap.BREAK;
          }
        }
        i++;
      } else {
        int cp = Character.codePointAt(chars, i);
        if (Character.isWhitespace(cp)) {
          if (inWord && wordHasAlnum) {
            t.wordCount++;
          }
          inWord = false;
          wordHasAlnum = false;
        } else {
          inWord = true;
          // a lone surrogate or a BMP character: wordCount looks at chars, not code points
          if (cp == '\u2019' || cp == '\u2010' || cp == '\u2011') {
            if (gap == Gap.SPACE) {
              gap = Gap.JOIN;
            }
          } else {
            gap = Gap.BREAK;
          }
        }
        i += Character.charCount(cp);
      }
    }
    if (inWord && wordHasAlnum) {
      t.wordCount++;
    }
    return t;
  }

  private static boolean hasAsciiChar(char[] chars, int from, int to) {
    for (int k = from; k < to; k++) {
      if (chars[k] < 128) {
        return true;
      }
    }
    return false;
  }

  private void grow() {
    if (size == starts.length) {
      int capacity = Math.max(8, size * 2);
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      originalHashes = Arrays.copyOf(originalHashes, capacity);
      lowerHashes = Arrays.copyOf(lowerHashes, capacity);
      stemHashes = Arrays.copyOf(stemHashes, capacity);
      gaps = Arrays.copyOf(gaps, capacity);
      stemDropsS = Arrays.copyOf(stemDropsS, capacity);
      if (lowerText != null) {
        lowerText = Arrays.copyOf(lowerText, capacity);
        stemText = Arrays.copyOf(stemText, capacity);
      }
    }
  }

  private void addAscii(
      int start, int end, int originalHash, int lowerHash, int lowerHashButLast, Gap gap) {
    grow();
    starts[size] = start;
    ends[size] = end;
    originalHashes[size] = originalHash;
    lowerHashes[size] = lowerHash;
    boolean drops = end - start > 3 && dropsS(end - start, lowerAt(end - 1), lowerAt(end - 2));
    stemDropsS[size] = drops;
    stemHashes[size] = drops ? lowerHashButLast : lowerHash;
    gaps[size] = (byte) gap.ordinal();
    size++;
  }

  private void addOther(int start, int end, Gap gap) {
    grow();
    if (lowerText == null) {
      lowerText = new String[starts.length];
      stemText = new String[starts.length];
    }
    String word = text.substring(start, end);
    String lc = word.toLowerCase(Locale.ROOT);
    String st = stem(lc);
    starts[size] = start;
    ends[size] = end;
    originalHashes[size] = word.hashCode();
    lowerHashes[size] = lc.hashCode();
    stemHashes[size] = st.hashCode();
    lowerText[size] = lc;
    stemText[size] = st;
    gaps[size] = (byte) gap.ordinal();
    size++;
  }

  private char lowerAt(int k) {
    return lowerChars[k];
  }

  private static boolean dropsS(int length, char last, char beforeLast) {
    return length > 3 && last == 's' && beforeLast != 's' && beforeLast != 'u' && beforeLast != 'i';
  }

  /**
   * A deliberately light stemmer: drops a plural "s" (not "ss", "us", "is") from words longer than
   * three letters. Enough for "models"/"model", "llms"/"llm", "agents"/"agent".
   */
  public static String stem(String lowerWord) {
    int n = lowerWord.length();
    if (n > 1 && dropsS(n, lowerWord.charAt(n - 1), lowerWord.charAt(n - 2))) {
      return lowerWord.substring(0, n - 1);
    }
    return lowerWord;
  }

  public int size() {
    return size;
  }

  public String original(int i) {
    check(i);
    return text.substring(starts[i], ends[i]);
  }

  public String lower(int i) {
    check(i);
    if (isOther(i)) {
      return lowerText[i];
    }
    return new String(lowerChars, starts[i], ends[i] - starts[i]);
  }

  public String stem(int i) {
    check(i);
    if (isOther(i)) {
      return stemText[i];
    }
    String lc = lower(i);
    return stemDropsS[i] ? lc.substring(0, lc.length() - 1) : lc;
  }

  public Gap gap(int i) {
    check(i);
    return GAPS[gaps[i]];
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("token " + i + " of " + size);
    }
  }

  public List<String> lowerList() {
    String[] out = new String[size];
    Arrays.setAll(out, this::lower);
    return List.of(out);
  }

  public List<String> stemList() {
    String[] out = new String[size];
    Arrays.setAll(out, this::stem);
    return List.of(out);
  }

  public List<String> originalList() {
    String[] out = new String[size];
    Arrays.setAll(out, this::original);
    return List.of(out);
  }

  /**
   * Whitespace-separated words of the text ({@link Character#isWhitespace(char)}) that hold a
   * letter or digit ({@link Character#isLetterOrDigit(char)}, so a BMP one).
   */
  int wordCount() {
    return wordCount;
  }

  // Access for the matchers of this package, without a String per token.

  private boolean isOther(int i) {
    return lowerText != null && lowerText[i] != null;
  }

  /** The gap before token {@code i} as {@link Gap#ordinal()}. */
  byte gapOrdinal(int i) {
    return gaps[i];
  }

  /** String.hashCode() of {@code form} of every token, valid up to {@link #size()}. */
  int[] hashes(Form form) {
    return form == Form.ORIGINAL ? originalHashes : form == Form.LOWER ? lowerHashes : stemHashes;
  }

  /** Whether {@code form} of token {@code i} is {@code word}. */
  boolean is(Form form, int i, String word) {
    if (form == Form.ORIGINAL) {
      return equal(chars, starts[i], ends[i] - starts[i], word);
    }
    if (isOther(i)) {
      return (form == Form.LOWER ? lowerText[i] : stemText[i]).equals(word);
    }
    int length = ends[i] - starts[i] - (form == Form.STEM && stemDropsS[i] ? 1 : 0);
    return equal(lowerChars, starts[i], length, word);
  }

  /**
   * Whether the lower-case form of token {@code i} is {@code word}, whose chars are {@code
   * wordChars}.
   */
  boolean lowerIs(int i, String word, char[] wordChars) {
    if (isOther(i)) {
      return lowerText[i].equals(word);
    }
    int start = starts[i];
    int length = ends[i] - start;
    if (length != wordChars.length) {
      return false;
    }
    char[] lc = lowerChars;
    for (int k = 0; k < length; k++) {
      if (lc[start + k] != wordChars[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean equal(char[] chars, int start, int length, String word) {
    if (length != word.length()) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (chars[start + k] != word.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The text that was tokenized ("" for null). */
  String text() {
    return text;
  }

  /** Where token {@code i} starts in {@link #text()}. */
  int start(int i) {
    return starts[i];
  }

  /** Where token {@code i} ends in {@link #text()} (exclusive). */
  int end(int i) {
    return ends[i];
  }

  /** Whether token {@code i} follows the one before with exactly one character between them. */
  boolean tight(int i) {
    return i > 0 && starts[i] - ends[i - 1] == 1;
  }

  /** Whether token {@code i} is joined to the one before by an apostrophe ("model's"). */
  boolean afterApostrophe(int i) {
    if (i == 0 || gaps[i] != (byte) Gap.JOIN.ordinal()) {
      return false;
    }
    for (int k = ends[i - 1]; k < starts[i]; k++) {
      if (chars[k] == '\'' || chars[k] == '\u2019') {
        return true;
      }
    }
    return false;
  }

  /** Length of the lower-case form of token {@code i}. */
  int lowerLength(int i) {
    return isOther(i) ? lowerText[i].length() : ends[i] - starts[i];
  }

  /** Whether the lower-case form of token {@code i} holds only (Unicode) digits. */
  boolean lowerIsAllDigits(int i) {
    if (isOther(i)) {
      String lc = lowerText[i];
      for (int k = 0; k < lc.length(); k++) {
        if (!Character.isDigit(lc.charAt(k))) {
          return false;
        }
      }
      return true;
    }
    for (int k = starts[i]; k < ends[i]; k++) {
      char c = chars[k];
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether the lower-case forms of token {@code i} and of token {@code j} of {@code other}. */
  boolean sameLower(int i, Tokens other, int j) {
    if (lowerHashes[i] != other.lowerHashes[j]) {
      return false;
    }
    if (isOther(i) || other.isOther(j)) {
      return lower(i).equals(other.lower(j));
    }
    int length = ends[i] - starts[i];
    if (length != other.ends[j] - other.starts[j]) {
      return false;
    }
    // words are short: a plain loop costs less than Arrays.equals' range checks and stub call
    char[] a = lowerChars;
    char[] b = other.lowerChars;
    int from = starts[i];
    int otherFrom = other.starts[j];
    for (int k = 0; k < length; k++) {
      if (a[from + k] != b[otherFrom + k]) {
        return false;
      }
    }
    return true;
  }

  /** Char {@code k} of the lower-case form of token {@code i}. */
  char lowerCharAt(int i, int k) {
    return isOther(i) ? lowerText[i].charAt(k) : lowerChars[starts[i] + k];
  }

  /**
   * Copies the lower-case form of token {@code i} into {@code out} at {@code at}; returns the end.
   */
  int copyLower(int i, char[] out, int at) {
    if (isOther(i)) {
      String lc = lowerText[i];
      lc.getChars(0, lc.length(), out, at);
      return at + lc.length();
    }
    int length = ends[i] - starts[i];
    System.arraycopy(lowerChars, starts[i], out, at, length);
    return at + length;
  }
}
