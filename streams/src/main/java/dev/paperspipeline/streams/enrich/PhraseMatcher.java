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

  private final Map<String, List<Entry<T>>> byFirst = new HashMap<>();

  /** Adds a phrase given as already-normalized words (same normalization as the lookup tokens). */
  public void add(List<String> words, T payload) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("empty phrase for " + payload);
    }
    byFirst
        .computeIfAbsent(words.get(0), k -> new ArrayList<>(2))
        .add(new Entry<>(words.toArray(String[]::new), payload));
  }

  /** Every occurrence of every phrase in {@code tokens}, overlapping matches included. */
  public List<Match<T>> findAll(List<String> tokens) {
    List<Match<T>> out = new ArrayList<>();
    int n = tokens.size();
    for (int i = 0; i < n; i++) {
      List<Entry<T>> candidates = byFirst.get(tokens.get(i));
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
          ok = w[k].equals(tokens.get(i + k));
        }
        if (ok) {
          out.add(new Match<>(e.payload(), i, w.length));
        }
      }
    }
    return out;
  }
}
