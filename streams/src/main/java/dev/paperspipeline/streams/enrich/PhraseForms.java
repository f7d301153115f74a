package dev.paperspipeline.streams.enrich;

import java.util.Locale;

/**
 * The one folding of phrases shared by keyphrases, names, document frequencies and the evaluation:
 * variants that differ only in case, plural or hyphen-versus-space fold to the same key, so that
 * "Scaling Laws", "scaling law" and "scaling-law" are one phrase everywhere (trends count it once).
 */
public final class PhraseForms {
  private PhraseForms() {}

  /**
   * The folded key of {@code phrase}: lower case, every run of characters other than letters and
   * digits one space, every word singular ({@link #singular}). Deterministic, locale-independent.
   */
  public static String key(String phrase) {
    StringBuilder out = new StringBuilder(phrase.length());
    StringBuilder word = new StringBuilder();
    for (int i = 0; i <= phrase.length(); i++) {
      char c = i < phrase.length() ? phrase.charAt(i) : ' ';
      if (Character.isLetterOrDigit(c)) {
        word.append(c);
      } else if (word.length() > 0) {
        if (out.length() > 0) {
          out.append(' ');
        }
        out.append(singular(word.toString()));
        word.setLength(0);
      }
    }
    return out.toString();
  }

  /**
   * The singular of one word, by suffix: "models" → "model", "strategies" → "strategy", "patches" →
   * "patch", "LLMs" → "llm"; words ending in -ss, -us, -is, -as, -ics and words of three letters or
   * fewer are left alone. Returned in lower case.
   */
  public static String singular(String word) {
    int n = word.length();
    // an acronym's plural: upper-case letters then a lower-case s ("LLMs", "VLMs")
    if (n > 2
        && word.charAt(n - 1) == 's'
        && Character.isUpperCase(word.charAt(n - 2))
        && Character.isUpperCase(word.charAt(0))) {
      return word.substring(0, n - 1).toLowerCase(Locale.ROOT);
    }
    String w = word.toLowerCase(Locale.ROOT);
    if (n <= 3 || w.charAt(n - 1) != 's') {
      return w;
    }
    if (w.endsWith("ss")
        || w.endsWith("us")
        || w.endsWith("is")
        || w.endsWith("as")
        || w.endsWith("ics")
        || w.equals("series")
        || w.equals("species")
        || w.equals("news")) {
      return w;
    }
    if (w.endsWith("ies") && n > 4) {
      return w.substring(0, n - 3) + "y";
    }
    if (w.endsWith("sses") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes")) {
      return w.substring(0, n - 2);
    }
    return w.substring(0, n - 1);
  }

  /** Whether {@code a} and {@code b} are the same phrase up to case, plural and hyphens. */
  public static boolean same(String a, String b) {
    return key(a).equals(key(b));
  }

  /**
   * Whether the words of folded key {@code inner} occur, consecutively, in folded key {@code
   * outer}.
   */
  public static boolean containsWords(String outer, String inner) {
    if (inner.isEmpty()) {
      return false;
    }
    String o = " " + outer + " ";
    return o.contains(" " + inner + " ");
  }
}
