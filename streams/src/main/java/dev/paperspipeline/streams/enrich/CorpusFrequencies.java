package dev.paperspipeline.streams.enrich;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Document frequencies of phrases over the papers enriched so far: how many papers had each
 * (folded, {@link PhraseForms#key}) phrase among their keyphrase candidates. The keyphrase ranking
 * reads them to tell a generic phrase (in a large share of papers) from a specific one, then adds
 * the paper it ranked. In the pipeline they live in a changelogged state store of the enrich stage,
 * so that a restart or a replay sees what the original run saw.
 */
public interface CorpusFrequencies {
  /** Papers counted so far. */
  long papers();

  /** Papers counted so far whose candidates held {@code key}. */
  long documentFrequency(String key);

  /**
   * Counts paper {@code paperId} with the distinct candidate keys {@code keys}; a paper already
   * counted is not counted again (a replayed record leaves the frequencies as they were).
   */
  void add(String paperId, Collection<String> keys);

  /** No corpus: no paper counted, and adding counts nothing (no specificity penalty). */
  CorpusFrequencies NONE =
      new CorpusFrequencies() {
        @Override
        public long papers() {
          return 0;
        }

        @Override
        public long documentFrequency(String key) {
          return 0;
        }

        @Override
        public void add(String paperId, Collection<String> keys) {}
      };

  /** Frequencies in memory, for tests, the evaluation and a one-off enrichment. Not thread-safe. */
  static CorpusFrequencies inMemory() {
    return new CorpusFrequencies() {
      private final Map<String, Long> counts = new HashMap<>();
      private final Set<String> seen = new HashSet<>();

      @Override
      public long papers() {
        return seen.size();
      }

      @Override
      public long documentFrequency(String key) {
        return counts.getOrDefault(key, 0L);
      }

      @Override
      public void add(String paperId, Collection<String> keys) {
        if (seen.add(paperId)) {
          for (String k : keys) {
            counts.merge(k, 1L, Long::sum);
          }
        }
      }
    };
  }
}
