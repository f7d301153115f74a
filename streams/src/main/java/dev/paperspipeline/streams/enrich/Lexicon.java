package dev.paperspipeline.streams.enrich;

import java.util.Arrays;
import java.util.List;

/**
 * A table of phrases looked up in a {@link Tokens} without a String per token: each phrase is filed
 * under the lower-case form of its first word, and probed with the lower-case hashes that {@link
 * Tokens} computed while tokenizing, so a scan costs one probe per token. Each enrichment keeps its
 * own lexicon (taxonomy terms, dataset aliases, stopwords).
 *
 * <p>A phrase is compared in one {@link Tokens.Form}: as stems (the first word matches any token
 * whose stem is the phrase's first stem, so it is filed under {@code w} and under {@code w + "s"},
 * each only when that word stems to {@code w}), in lower case, or as written (filed under the lower
 * case of its first word, which is then compared as written).
 *
 * <p>Built once (not thread-safe while being built), then read-only and thread-safe.
 */
final class Lexicon {
  private record Phrase(Tokens.Form form, String[] words, int[] hashes, int payload) {}

  private static final Phrase[] NONE = new Phrase[0];
  private static final int SEEN_BITS = 8192;

  // Open addressing, kept sparse so that the many tokens that are in no list end quickly at an
  // empty slot; before it, a bit per hash of the keys (a one-hash Bloom filter small enough to
  // stay in the L1 cache), so that most of those tokens do not touch the table at all.
  private final long[] seen = new long[SEEN_BITS / 64];
  private String[] keys = new String[16];
  private char[][] keyChars = new char[16][];
  private int[] keyHashes = new int[16];
  private Phrase[][] phrases = new Phrase[16][];
  private int count;

  /** Adds a one-word phrase given in lower case: a word of a set such as stopwords. */
  void addWord(String lower) {
    addLower(List.of(lower), 0);
  }

  /** Adds a phrase given as stems ({@link Tokens#stemList()}), reported as {@code payload}. */
  void addStems(List<String> stems, int payload) {
    Phrase p = phrase(Tokens.Form.STEM, stems, payload);
    String first = stems.get(0);
    for (String key : new String[] {first, first + "s"}) {
      if (Tokens.stem(key).equals(first)) {
        file(key, p);
      }
    }
  }

  /** Adds a case-insensitive phrase given as lower-case words, reported as {@code payload}. */
  void addLower(List<String> lowers, int payload) {
    file(lowers.get(0), phrase(Tokens.Form.LOWER, lowers, payload));
  }

  /**
   * Adds a case-sensitive phrase given as its words as written, reported as {@code payload}; {@code
   * firstLower} is the lower-case form of its first word.
   */
  void addExact(List<String> originals, String firstLower, int payload) {
    file(firstLower, phrase(Tokens.Form.ORIGINAL, originals, payload));
  }

  private static Phrase phrase(Tokens.Form form, List<String> words, int payload) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty phrase for " + payload);
    }
    String[] w = words.toArray(String[]::new);
    int[] hashes = new int[w.length];
    Arrays.setAll(hashes, k -> w[k].hashCode());
    return new Phrase(form, w, hashes, payload);
  }

  private void file(String key, Phrase p) {
    int hash = key.hashCode();
    int slot = slot(key, hash);
    if (keys[slot] == null) {
      int bit = spread(hash) & (SEEN_BITS - 1);
      seen[bit >>> 6] |= 1L << bit;
      keys[slot] = key;
      keyChars[slot] = key.toCharArray();
      keyHashes[slot] = hash;
      phrases[slot] = new Phrase[] {p};
      if (++count * 4 > keys.length) {
        rehash();
      }
      return;
    }
    Phrase[] filed = Arrays.copyOf(phrases[slot], phrases[slot].length + 1);
    filed[filed.length - 1] = p;
    phrases[slot] = filed;
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
    Phrase[][] oldPhrases = phrases;
    char[][] oldChars = keyChars;
    keys = new String[oldKeys.length * 2];
    keyChars = new char[oldKeys.length * 2][];
    keyHashes = new int[oldKeys.length * 2];
    phrases = new Phrase[oldKeys.length * 2][];
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != null) {
        int slot = slot(oldKeys[k], oldHashes[k]);
        keys[slot] = oldKeys[k];
        keyChars[slot] = oldChars[k];
        keyHashes[slot] = oldHashes[k];
        phrases[slot] = oldPhrases[k];
      }
    }
  }

  /** The phrases filed under the lower-case form of token {@code i}: one probe. */
  private Phrase[] filed(Tokens t, int i, int hash) {
    int bit = spread(hash) & (SEEN_BITS - 1);
    if ((seen[bit >>> 6] & (1L << bit)) == 0) {
      return NONE;
    }
    String[] keys = this.keys;
    int mask = keys.length - 1;
    for (int slot = spread(hash) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
      if (keyHashes[slot] == hash && t.lowerIs(i, keys[slot], keyChars[slot])) {
        return phrases[slot];
      }
    }
    return NONE;
  }

  /** Whether a phrase of this lexicon starts at token {@code i} (for a word set: holds it). */
  boolean matchesAt(Tokens t, int i) {
    for (Phrase p : filed(t, i, t.hashes(Tokens.Form.LOWER)[i])) {
      if (matches(t, i, p)) {
        return true;
      }
    }
    return false;
  }

  /** Per token of {@code t}: whether a phrase of this lexicon starts there. */
  boolean[] marks(Tokens t) {
    int n = t.size();
    boolean[] out = new boolean[n];
    int[] lowerHashes = t.hashes(Tokens.Form.LOWER);
    for (int i = 0; i < n; i++) {
      for (Phrase p : filed(t, i, lowerHashes[i])) {
        if (matches(t, i, p)) {
          out[i] = true;
          break;
        }
      }
    }
    return out;
  }

  /** The payloads of every occurrence of every phrase in {@code t}, in no particular order. */
  int[] scan(Tokens t) {
    int n = t.size();
    int[] hits = new int[8];
    int size = 0;
    int[] lowerHashes = t.hashes(Tokens.Form.LOWER);
    for (int i = 0; i < n; i++) {
      for (Phrase p : filed(t, i, lowerHashes[i])) {
        if (matches(t, i, p)) {
          if (size == hits.length) {
            hits = Arrays.copyOf(hits, size * 2);
          }
          hits[size++] = p.payload();
        }
      }
    }
    return Arrays.copyOf(hits, size);
  }

  /** Whether {@code p}, filed under the lower case of token {@code i}, occurs there. */
  private static boolean matches(Tokens t, int i, Phrase p) {
    if (p.form() == Tokens.Form.ORIGINAL
        && (t.hashes(Tokens.Form.ORIGINAL)[i] != p.hashes()[0]
            || !t.is(Tokens.Form.ORIGINAL, i, p.words()[0]))) {
      return false;
    }
    return rest(t, p.form(), i, p);
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
