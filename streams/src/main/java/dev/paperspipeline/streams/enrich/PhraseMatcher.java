package dev.paperspipeline.streams.enrich;

import java.util.Arrays;
import java.util.List;

/**
 * Finds multi-word phrases in a token list by hash lookup of the first token, so matching costs one
 * table probe per token whatever the number of phrases. Phrases match on whole tokens only, which
 * gives word boundaries for free.
 *
 * @param <T> what a phrase stands for (a topic rule, a dataset)
 */
public final class PhraseMatcher<T> {
  private record Entry<T>(String[] words, int[] hashes, T payload) {}

  /** Receives the matches of {@link #forEach}. */
  @FunctionalInterface
  public interface Hits<T> {
    void hit(T payload, int start, int length);
  }

  // Open addressing on the first words, probed with the hashes that Tokens computed while
  // tokenizing: a lookup computes no String.hashCode and, for the many tokens that start no
  // phrase, usually ends at an empty slot. Kept sparse so that misses end quickly.
  private String[] firstWords = new String[16];
  private int[] firstHashes = new int[16];
  private Entry<T>[][] entries = newTable(16);
  private int count;

  @SuppressWarnings("unchecked")
  private static <T> Entry<T>[][] newTable(int capacity) {
    return (Entry<T>[][]) new Entry<?>[capacity][];
  }

  /** Adds a phrase given as already-normalized words (same normalization as the lookup tokens). */
  public void add(List<String> words, T payload) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty phrase for " + payload);
    }
    String[] w = words.toArray(String[]::new);
    int[] hashes = new int[w.length];
    Arrays.setAll(hashes, k -> w[k].hashCode());
    Entry<T> entry = new Entry<>(w, hashes, payload);
    int slot = slot(w[0], hashes[0]);
    if (firstWords[slot] == null) {
      firstWords[slot] = w[0];
      firstHashes[slot] = hashes[0];
      entries[slot] = newArray(entry);
      if (++count * 4 > firstWords.length) {
        rehash();
      }
    } else {
      Entry<T>[] old = entries[slot];
      Entry<T>[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = entry;
      entries[slot] = grown;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Entry<T>[] newArray(Entry<T> entry) {
    return new Entry[] {entry};
  }

  private int slot(String word, int hash) {
    int mask = firstWords.length - 1;
    int slot = spread(hash) & mask;
    while (firstWords[slot] != null && !firstWords[slot].equals(word)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private void rehash() {
    String[] oldWords = firstWords;
    Entry<T>[][] oldEntries = entries;
    int[] oldHashes = firstHashes;
    firstWords = new String[oldWords.length * 2];
    firstHashes = new int[oldWords.length * 2];
    entries = newTable(oldWords.length * 2);
    for (int k = 0; k < oldWords.length; k++) {
      if (oldWords[k] != null) {
        int slot = slot(oldWords[k], oldHashes[k]);
        firstWords[slot] = oldWords[k];
        firstHashes[slot] = oldHashes[k];
        entries[slot] = oldEntries[k];
      }
    }
  }

  /**
   * Reports every occurrence of every phrase in {@code form} of {@code tokens} to {@code hits}, in
   * order of start token and, for one start, in order of {@link #add}; overlapping matches
   * included.
   */
  void forEach(Tokens tokens, Tokens.Form form, Hits<? super T> hits) {
    int n = tokens.size();
    int[] tokenHashes = tokens.hashes(form);
    int mask = firstWords.length - 1;
    for (int i = 0; i < n; i++) {
      int hash = tokenHashes[i];
      int slot = spread(hash) & mask;
      Entry<T>[] candidates = null;
      for (String w; (w = firstWords[slot]) != null; slot = (slot + 1) & mask) {
        if (firstHashes[slot] == hash && tokens.is(form, i, w)) {
          candidates = entries[slot];
          break;
        }
      }
      if (candidates == null) {
        continue;
      }
      for (Entry<T> e : candidates) {
        String[] w = e.words();
        int[] h = e.hashes();
        if (i + w.length > n) {
          continue;
        }
        boolean ok = true;
        for (int k = 1; k < w.length && ok; k++) {
          ok = tokenHashes[i + k] == h[k] && tokens.is(form, i + k, w[k]);
        }
        if (ok) {
          hits.hit(e.payload(), i, w.length);
        }
      }
    }
  }
}
