package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text as words for phrase finding: {@link Tokens} whose hyphenated compounds are joined back
 * into one word ("LAION-COCO", "text-to-image", "GPT-4" stay whole), each with what separates it
 * from the word before (a phrase never spans punctuation) and the few facts the extractors ask: is
 * it a name (mixed case, or letters with digits), a quantity ("2.7×", "10x", "7B"), a number.
 */
final class Units {
  /** One word (a token or a hyphenated compound of tokens). */
  record Unit(
      String original,
      String lower,
      int start,
      int end,
      boolean breakBefore,
      boolean name,
      boolean quantity,
      boolean compound) {}

  private Units() {}

  /** The words of {@code t}, in order. */
  static List<Unit> of(Tokens t) {
    List<Unit> out = new ArrayList<>();
    String text = t.text();
    int n = t.size();
    int i = 0;
    boolean forceBreak = false;
    while (i < n) {
      int first = i;
      boolean breakBefore = forceBreak || t.gap(i) != Tokens.Gap.SPACE;
      forceBreak = false;
      i++;
      // a compound: tokens joined by a hyphen with nothing else between them
      while (i < n
          && t.gap(i) == Tokens.Gap.JOIN
          && t.tight(i)
          && !t.afterApostrophe(i)
          && isHyphen(text.charAt(t.end(i - 1)))) {
        i++;
      }
      out.add(unit(text, t.start(first), t.end(i - 1), breakBefore, first, i));
      if (i < n && t.afterApostrophe(i)) {
        i++; // the possessive 's is no word, and a phrase ends at it ("the model's knowledge")
        forceBreak = true;
      }
    }
    return out;
  }

  private static boolean isHyphen(char c) {
    return c == '-' || c == '\u2010' || c == '\u2011';
  }

  private static Unit unit(
      String text, int start, int end, boolean breakBefore, int first, int last) {
    String original = text.substring(start, end);
    boolean letter = false;
    boolean digit = false;
    boolean innerUpper = false;
    boolean wordStart = true;
    for (int k = 0; k < original.length(); k++) {
      char c = original.charAt(k);
      if (Character.isLetter(c)) {
        letter = true;
        if (!wordStart && Character.isUpperCase(c)) {
          innerUpper = true;
        }
        wordStart = false;
      } else if (Character.isDigit(c)) {
        digit = true;
        wordStart = false;
      } else {
        wordStart = true;
      }
    }
    boolean quantity = !letter || isQuantity(original, text, start);
    boolean name = !quantity && (innerUpper || (letter && digit));
    // an acronym of two or more capitals is a name too ("BERT", "GPT")
    if (!name && !quantity && original.length() >= 2 && allUpper(original)) {
      name = true;
    }
    return new Unit(
        original,
        original.toLowerCase(Locale.ROOT),
        start,
        end,
        breakBefore,
        name,
        quantity,
        last - first > 1);
  }

  private static boolean allUpper(String s) {
    int letters = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isLetter(c)) {
        if (!Character.isUpperCase(c)) {
          return false;
        }
        letters++;
      }
    }
    return letters >= 2;
  }

  /**
   * A number with a unit or a part of a decimal: "10x", "2.7" (whose "7" follows a point), "7B",
   * "100k", "3times": a measurement, never a concept. "3D", "2D" and names with digits are not.
   */
  private static boolean isQuantity(String original, String text, int start) {
    if (!Character.isDigit(original.charAt(0))) {
      return false;
    }
    if (start >= 2
        && (text.charAt(start - 1) == '.' || text.charAt(start - 1) == ',')
        && Character.isDigit(text.charAt(start - 2))) {
      return true;
    }
    int k = 0;
    while (k < original.length() && Character.isDigit(original.charAt(k))) {
      k++;
    }
    String suffix = original.substring(k).toLowerCase(Locale.ROOT);
    return switch (suffix) {
      case "",
          "x",
          "k",
          "m",
          "b",
          "bn",
          "t",
          "times",
          "fold",
          "gb",
          "tb",
          "mb",
          "ms",
          "s",
          "th",
          "st",
          "nd",
          "rd",
          "pp",
          "h",
          "hz",
          "khz",
          "fps",
          "w" ->
          true;
      default -> false;
    };
  }
}
