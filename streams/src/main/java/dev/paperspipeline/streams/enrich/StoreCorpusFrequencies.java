package dev.paperspipeline.streams.enrich;

import java.util.Collection;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link CorpusFrequencies} in the enrich stage's key-value store ({@code
 * StoreNames.KEYPHRASE_FREQUENCIES}): one entry per phrase, {@value #PAPERS} for the count of
 * papers, {@value #PAPER_PREFIX}{@code <paperId>} per counted paper.
 */
final class StoreCorpusFrequencies implements CorpusFrequencies {
  static final String PAPERS = "~papers";
  static final String PAPER_PREFIX = "~paper|";

  private final KeyValueStore<String, Long> store;

  StoreCorpusFrequencies(KeyValueStore<String, Long> store) {
    this.store = store;
  }

  @Override
  public long papers() {
    Long n = store.get(PAPERS);
    return n == null ? 0 : n;
  }

  @Override
  public long documentFrequency(String key) {
    Long n = store.get(key);
    return n == null ? 0 : n;
  }

  @Override
  public void add(String paperId, Collection<String> keys) {
    String marker = PAPER_PREFIX + paperId;
    if (store.get(marker) != null) {
      return;
    }
    store.put(marker, 1L);
    for (String k : keys) {
      Long n = store.get(k);
      store.put(k, n == null ? 1 : n + 1);
    }
    store.put(PAPERS, papers() + 1);
  }
}
