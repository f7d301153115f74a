package dev.paperspipeline.streams.enrich.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TextEmbedder} that remembers the vectors of the last {@code capacity} distinct texts
 * (least recently used out first), so that a phrase found in many papers is embedded once.
 * Thread-safe: the model runs outside the lock, so threads missing the cache embed in parallel (two
 * threads missing the same text both embed it, and get the same vector). Returned vectors are
 * copies: a caller may change them.
 */
public final class CachingEmbedder implements TextEmbedder {
  private final TextEmbedder delegate;
  private final Map<String, float[]> cache;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  /** Caches at most {@code capacity} vectors of {@code delegate}. */
  public CachingEmbedder(TextEmbedder delegate, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.delegate = delegate;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public String modelId() {
    return delegate.modelId();
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public float[] embed(String text) {
    float[] v = cached(text);
    if (v == null) {
      misses.incrementAndGet();
      v = delegate.embed(text);
      put(text, v);
    }
    return v.clone();
  }

  /** Looks every text up, then embeds the missing ones in one call of the delegate. */
  @Override
  public List<float[]> embedAll(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<String> missing = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      out[i] = cached(texts.get(i));
      if (out[i] == null) {
        missing.add(texts.get(i));
        at.add(i);
      }
    }
    if (!missing.isEmpty()) {
      misses.addAndGet(missing.size());
      List<float[]> vectors = delegate.embedAll(missing);
      for (int k = 0; k < at.size(); k++) {
        out[at.get(k)] = vectors.get(k);
        put(missing.get(k), vectors.get(k));
      }
    }
    List<float[]> result = new ArrayList<>(out.length);
    for (float[] v : out) {
      result.add(v.clone());
    }
    return result;
  }

  /** Texts answered from the cache so far. */
  public long hits() {
    return hits.get();
  }

  /** Texts the delegate embedded so far. */
  public long misses() {
    return misses.get();
  }

  /** Vectors held now. */
  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }

  private float[] cached(String text) {
    float[] v;
    synchronized (cache) {
      v = cache.get(text);
    }
    if (v != null) {
      hits.incrementAndGet();
    }
    return v;
  }

  private void put(String text, float[] v) {
    synchronized (cache) {
      cache.put(text, v.clone());
    }
  }
}
