package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds multi-word phrases in a token list by hash lookup of the first token, so matching costs one
 * map lookup per token whatever the number of phrases. Phrases match on whole tokens only, which
 * gives word boundaries for free.
 *
 * @param <T> what a phrase stands for (a topic rule, a dataset)
 */
public final class PhraseMatcher<T> {
  private record Entry<T>(String[] words, T payload) {}

  /** A phrase found at token index {@code start}, {@code length} tokens long. */
  public record Match<T>(T payload, int start, int length) {}

  /** Receives the matches of {@link #forEach}. */
  @FunctionalInterface
  public interface Hits<T> {
    void hit(T payload, int start, int length);
  }

  private final Map<String, Entry<T>[]> byFirst = new HashMap<>();

  /** Adds a phrase given as already-normalized words (same normalization as the lookup tokens). */
  @SuppressWarnings("unchecked")
  public void add(List<String> words, T payload) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty phrase for " + payload);
    }
    Entry<T> entry = new Entry<>(words.toArray(String[]::new), payload);
    byFirst.merge(
        words.get(0),
        new Entry[] {entry},
        (old, added) -> {
          Entry<T>[] grown = java.util.Arrays.copyOf(old, old.length + 1);
          grown[old.length] = entry;
          return grown;
        });
  }

  /** Every occurrence of every phrase in {@code tokens}, overlapping matches included. */
  public List<Match<T>> findAll(List<String> tokens) {
    List<Match<T>> out = new ArrayList<>();
    String[] array = tokens.toArray(String[]::new);
    forEach(
        array,
        array.length,
        (payload, start, length) -> out.add(new Match<>(payload, start, length)));
    return out;
  }

  /**
   * Reports every occurrence of every phrase in {@code tokens[0, n)} to {@code hits}, in order of
   * start token and, for one start, in order of {@link #add}; overlapping matches included.
   */
  public void forEach(String[] tokens, int n, Hits<? super T> hits) {
    for (int i = 0; i < n; i++) {
      Entry<T>[] candidates = byFirst.get(tokens[i]);
      if (candidates == null) {
        continue;
      }
      for (Entry<T> e : candidates) {
        String[] w = e.words();
        if (i + w.length > n) {
          continue;
        }
        boolean ok = true;
        for (int k = 1; k < w.length && ok; k++) {
          ok = w[k].equals(tokens[i + k]);
        }
        if (ok) {
          hits.hit(e.payload(), i, w.length);
        }
      }
    }
  }
}
