package dev.paperspipeline.streams.enrich;

import java.util.Arrays;
import java.util.List;

/**
 * Every word that the matchers of a paper look up, in one table keyed by the lower-case form of a
 * token: the stopwords of {@link KeyphraseExtractor}, the first words of the taxonomy terms (stems)
 * and of the dataset aliases (lower-case or exact). A text is scanned once, one probe per token,
 * instead of once per matcher.
 *
 * <p>Each form of a token is a function of its lower-case form, or is compared after it: the stem
 * of a token is its lower case or that without its last 's' ({@link Tokens#stem}), so a phrase
 * whose first stem is {@code w} is filed under {@code w} and under {@code w + "s"}, each only when
 * that word stems to {@code w}; an exact alias is filed under its lower case and its first word
 * compared as written. Multi-word phrases then compare their other words in their own form, as the
 * per-matcher tables before it did.
 *
 * <p>Built once (not thread-safe while being built), then read-only and thread-safe.
 */
final class Lexicon {
  private record Phrase(String[] words, int[] hashes, int payload) {}

  /** What is filed under one lower-case word. */
  private static final class Word {
    boolean stopword;
    Phrase[] stems; // taxonomy terms whose first stem is this word's stem
    Phrase[] lowers; // case-insensitive aliases
    Phrase[] exacts; // case-sensitive aliases, first word still to compare as written
    Phrase[] exactTerms; // case-sensitive taxonomy terms, first word still to compare as written
  }

  // Open addressing, probed with the lower-case hashes that Tokens computed while tokenizing;
  // kept sparse so that the many tokens that are in no list end quickly at an empty slot.
  private String[] keys = new String[16];
  private char[][] keyChars = new char[16][];
  private int[] keyHashes = new int[16];
  private Word[] words = new Word[16];
  private int count;

  /** Marks {@code lower} (a lower-case word) as a stopword. */
  void addStopword(String lower) {
    word(lower).stopword = true;
  }

  /** Adds a taxonomy term given as stems ({@link Tokens#stemList()}), reported as a term. */
  void addStemPhrase(List<String> stems, int payload) {
    Phrase p = phrase(stems, payload);
    String first = stems.get(0);
    for (String key : new String[] {first, first + "s"}) {
      if (Tokens.stem(key).equals(first)) {
        Word w = word(key);
        w.stems = append(w.stems, p);
      }
    }
  }

  /** Adds a case-insensitive alias given as lower-case words, reported as a dataset. */
  void addLowerPhrase(List<String> lowers, int payload) {
    Word w = word(lowers.get(0));
    w.lowers = append(w.lowers, phrase(lowers, payload));
  }

  /**
   * Adds a case-sensitive alias given as its words as written, reported as a dataset; {@code
   * firstLower} is the lower-case form of its first word.
   */
  void addExactPhrase(List<String> originals, String firstLower, int payload) {
    Word w = word(firstLower);
    w.exacts = append(w.exacts, phrase(originals, payload));
  }

  /**
   * Adds a case-sensitive taxonomy term given as its words as written, reported as a term; {@code
   * firstLower} is the lower-case form of its first word.
   */
  void addExactTerm(List<String> originals, String firstLower, int payload) {
    Word w = word(firstLower);
    w.exactTerms = append(w.exactTerms, phrase(originals, payload));
  }

  private static Phrase phrase(List<String> words, int payload) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty phrase for " + payload);
    }
    String[] w = words.toArray(String[]::new);
    int[] hashes = new int[w.length];
    Arrays.setAll(hashes, k -> w[k].hashCode());
    return new Phrase(w, hashes, payload);
  }

  private static Phrase[] append(Phrase[] phrases, Phrase p) {
    if (phrases == null) {
      return new Phrase[] {p};
    }
    Phrase[] grown = Arrays.copyOf(phrases, phrases.length + 1);
    grown[phrases.length] = p;
    return grown;
  }

  private Word word(String key) {
    int hash = key.hashCode();
    int slot = slot(key, hash);
    if (keys[slot] == null) {
      keys[slot] = key;
      keyChars[slot] = key.toCharArray();
      keyHashes[slot] = hash;
      words[slot] = new Word();
      Word w = words[slot];
      if (++count * 4 > keys.length) {
        rehash();
      }
      return w;
    }
    return words[slot];
  }

  private int slot(String key, int hash) {
    int mask = keys.length - 1;
    int slot = spread(hash) & mask;
    while (keys[slot] != null && !keys[slot].equals(key)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void rehash() {
    String[] oldKeys = keys;
    int[] oldHashes = keyHashes;
    Word[] oldWords = words;
    char[][] oldChars = keyChars;
    keys = new String[oldKeys.length * 2];
    keyChars = new char[oldKeys.length * 2][];
    keyHashes = new int[oldKeys.length * 2];
    words = new Word[oldKeys.length * 2];
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        int slot = slot(oldKeys[k], oldHashes[k]);
        keys[slot] = oldKeys[k];
        keyChars[slot] = oldChars[k];
        keyHashes[slot] = oldHashes[k];
        words[slot] = oldWords[k];
      }
    }
  }

  /** Whether the lower-case form of token {@code i} is a stopword of this lexicon: one probe. */
  boolean isStopword(Tokens t, int i) {
    int hash = t.hashes(Tokens.Form.LOWER)[i];
    int mask = keys.length - 1;
    for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (keyHashes[slot] == hash && t.lowerIs(i, keys[slot], keyChars[slot])) {
        return words[slot].stopword;
      }
    }
    return false;
  }

  /** What a scan of one text found. */
  static final class Matches {
    /** Per token: whether its lower-case form is a stopword. */
    final boolean[] stopword;

    /** Payloads of the taxonomy terms found, one per occurrence, in no particular order. */
    int[] terms = new int[16];

    int termCount;

    /** Set at the payload of every dataset found (shared by the scans of one paper), or null. */
    final boolean[] datasets;

    Matches(int tokens, boolean[] datasets) {
      this.stopword = new boolean[tokens];
      this.datasets = datasets;
    }

    private void term(int payload) {
      if (termCount == terms.length) {
        terms = Arrays.copyOf(terms, termCount * 2);
      }
      terms[termCount++] = payload;
    }
  }

  /**
   * Scans {@code t} once: stopwords, every occurrence of every taxonomy term and, when {@code
   * datasets} is not null, every dataset alias (marked in {@code datasets}).
   */
  Matches scan(Tokens t, boolean[] datasets) {
    int n = t.size();
    Matches out = new Matches(n, datasets);
    int[] lowerHashes = t.hashes(Tokens.Form.LOWER);
    String[] keys = this.keys;
    int[] keyHashes = this.keyHashes;
    char[][] keyChars = this.keyChars;
    int mask = keys.length - 1;
    for (int i = 0; i < n; i++) {
      int hash = lowerHashes[i];
      int slot = spread(hash) & mask;
      Word w = null;
      for (String key; (key = keys[slot]) != null; slot = (slot + 1) & mask) {
        if (keyHashes[slot] == hash && t.lowerIs(i, key, keyChars[slot])) {
          w = words[slot];
          break;
        }
      }
      if (w == null) {
        continue;
      }
      out.stopword[i] = w.stopword;
      if (w.stems != null) {
        // the key stems to the first word of each of these: only the other words to compare
        for (Phrase p : w.stems) {
          if (rest(t, Tokens.Form.STEM, i, p)) {
            out.term(p.payload());
          }
        }
      }
      if (w.exactTerms != null) {
        for (Phrase p : w.exactTerms) {
          if (exact(t, i, p)) {
            out.term(p.payload());
          }
        }
      }
      if (datasets != null) {
        if (w.lowers != null) {
          for (Phrase p : w.lowers) {
            if (rest(t, Tokens.Form.LOWER, i, p)) {
              datasets[p.payload()] = true;
            }
          }
        }
        if (w.exacts != null) {
          for (Phrase p : w.exacts) {
            if (exact(t, i, p)) {
              datasets[p.payload()] = true;
            }
          }
        }
      }
    }
    return out;
  }

  /** Whether {@code p} occurs as written at token {@code i}. */
  private static boolean exact(Tokens t, int i, Phrase p) {
    return t.hashes(Tokens.Form.ORIGINAL)[i] == p.hashes()[0]
        && t.is(Tokens.Form.ORIGINAL, i, p.words()[0])
        && rest(t, Tokens.Form.ORIGINAL, i, p);
  }

  /** Whether the words of {@code p} after its first follow token {@code i} in {@code form}. */
  private static boolean rest(Tokens t, Tokens.Form form, int i, Phrase p) {
    String[] w = p.words();
    if (w.length == 1) {
      return true;
    }
    if (i + w.length > t.size()) {
      return false;
    }
    int[] tokenHashes = t.hashes(form);
    int[] h = p.hashes();
    for (int k = 1; k < w.length; k++) {
      if (tokenHashes[i + k] != h[k] || !t.is(form, i + k, w[k])) {
        return false;
      }
    }
    return true;
  }
}
