package dev.paperspipeline.bench;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link TextEmbedder} that passes every call to its delegate and records the texts it was asked
 * to embed, in order, from any thread: what the enrich topology really sent to the model (after any
 * cache of its own), so that the model's ceiling embeds exactly those texts again.
 */
final class RecordingEmbedder implements TextEmbedder {
  private final TextEmbedder delegate;
  private final ConcurrentLinkedQueue<String> texts = new ConcurrentLinkedQueue<>();

  RecordingEmbedder(TextEmbedder delegate) {
    this.delegate = delegate;
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
    texts.add(text);
    return delegate.embed(text);
  }

  @Override
  public List<float[]> embedAll(List<String> batch) {
    texts.addAll(batch);
    return delegate.embedAll(batch);
  }

  /** The texts recorded since the last {@link #clear()}. */
  List<String> texts() {
    return new ArrayList<>(texts);
  }

  void clear() {
    texts.clear();
  }
}
