package dev.paperspipeline.streams.enrich.model;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized), run in process by ONNX Runtime from the model shipped inside its
 * jar: no network, no download. Loaded once per JVM ({@link #shared()}) and shared by every stream
 * thread; a call runs on the caller's thread, so stream threads, not a hidden pool, set the
 * parallelism. Input longer than the model's window (256 word pieces) is split by the library into
 * windows whose embeddings are averaged.
 */
public final class MiniLmEmbedder implements TextEmbedder {
  private static final Logger log = LoggerFactory.getLogger(MiniLmEmbedder.class);

  /** The id recorded with every vector and in {@code enrichmentVersion.model}. */
  public static final String MODEL_ID = "all-minilm-l6-v2-q";

  private static volatile MiniLmEmbedder shared;

  private final EmbeddingModel model;

  private MiniLmEmbedder() {
    long start = System.nanoTime();
    // Runnable::run: embedAll works on the calling thread instead of the library's own pool.
    this.model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    log.info(
        "Loaded sentence-embedding model {} in {} ms",
        MODEL_ID,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** The model of this JVM, loaded at the first call. */
  public static MiniLmEmbedder shared() {
    MiniLmEmbedder m = shared;
    if (m == null) {
      synchronized (MiniLmEmbedder.class) {
        m = shared;
        if (m == null) {
          m = new MiniLmEmbedder();
          shared = m;
        }
      }
    }
    return m;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimension() {
    return 384;
  }

  @Override
  public float[] embed(String text) {
    return unit(model.embed(text).content());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      segments.add(TextSegment.from(t));
    }
    List<Embedding> out = model.embedAll(segments).content();
    List<float[]> vectors = new ArrayList<>(out.size());
    for (Embedding e : out) {
      vectors.add(unit(e));
    }
    return vectors;
  }

  private static float[] unit(Embedding e) {
    float[] v = e.vector();
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm > 0) {
      float inv = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }
}
