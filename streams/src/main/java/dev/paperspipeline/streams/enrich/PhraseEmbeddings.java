package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embeddings of short phrases, cached: the same phrase in many papers ("diffusion model") is
 * embedded once. One per {@link PaperEnricher}, shared by the stream threads that run it (an
 * enricher built afresh, as in {@code papers bench}, starts cold); bounded to {@code maxEntries}
 * phrases by starting afresh when full. A phrase's vector depends on its text alone (the model
 * embeds each text on its own), so eviction changes the cost, never a result.
 */
final class PhraseEmbeddings {
  /** The phrase embeddings an enricher caches at most (about 1.6 kB each: 384 floats and a key). */
  static final int DEFAULT_MAX_ENTRIES = 50_000;

  private final TextEmbedder embedder;
  private final int maxEntries;
  private final Map<String, float[]> cache = new ConcurrentHashMap<>();

  PhraseEmbeddings(TextEmbedder embedder, int maxEntries) {
    this.embedder = embedder;
    this.maxEntries = maxEntries;
  }

  /**
   * The embeddings of {@code phrases}, in order; the phrases not cached are embedded in one batch.
   */
  List<float[]> embedAll(List<String> phrases) {
    List<float[]> out = new ArrayList<>(phrases.size());
    List<String> missing = new ArrayList<>();
    for (String p : phrases) {
      float[] v = cache.get(p);
      out.add(v);
      if (v == null && !missing.contains(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return out;
    }
    List<float[]> embedded = embedder.embedAll(missing);
    if (cache.size() + missing.size() > maxEntries) {
      cache.clear();
    }
    for (int k = 0; k < missing.size(); k++) {
      cache.put(missing.get(k), embedded.get(k));
    }
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k) == null) {
        out.set(k, embedded.get(missing.indexOf(phrases.get(k))));
      }
    }
    return out;
  }
}
