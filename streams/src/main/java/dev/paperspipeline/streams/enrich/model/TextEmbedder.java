package dev.paperspipeline.streams.enrich.model;

import java.util.List;

/**
 * A sentence-embedding model: text in, a unit-length vector out, so that the dot product of two
 * vectors is their cosine similarity. Implementations are thread-safe and deterministic: the same
 * text always gives the same vector.
 */
public interface TextEmbedder {
  /** A stable id of the model, recorded with every vector it produced. */
  String modelId();

  /** The number of dimensions of every vector. */
  int dimension();

  /** The unit-length embedding of {@code text}. */
  float[] embed(String text);

  /** The unit-length embeddings of {@code texts}, in order. */
  List<float[]> embedAll(List<String> texts);

  /** Cosine similarity of two unit-length vectors of the same dimension. */
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }
}
