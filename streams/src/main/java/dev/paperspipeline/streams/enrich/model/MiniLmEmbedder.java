package dev.paperspipeline.streams.enrich.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 (quantized), run in process by ONNX Runtime from the model and tokenizer shipped
 * inside langchain4j's jar: no network, no download. Loaded once per JVM ({@link #shared()}) and
 * shared by every stream thread. A call runs on the caller's thread, ONNX Runtime included (one
 * intra-op thread), so stream threads, not a hidden pool, set the parallelism.
 *
 * <p>Each text is run through the model on its own, even in {@link #embedAll}: the model is
 * dynamically quantized, so the quantization range of a batched run spans every text of the batch
 * and a text's vector would depend on its neighbours (BENCHMARKS.md). Input longer than the model's
 * window is cut by the library's tokenizer.
 */
public final class MiniLmEmbedder implements TextEmbedder {
  private static final Logger log = LoggerFactory.getLogger(MiniLmEmbedder.class);

  /** The id recorded with every vector and in {@code enrichmentVersion.model}. */
  public static final String MODEL_ID = "all-minilm-l6-v2-q";

  static final String MODEL_RESOURCE = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private static volatile MiniLmEmbedder shared;

  private final Model model;

  private MiniLmEmbedder() {
    long start = System.nanoTime();
    this.model = new Model(load(MODEL_RESOURCE), load(TOKENIZER_RESOURCE));
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
    return unit(model.embed(TextSegment.from(text)).content());
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String t : texts) {
      vectors.add(embed(t));
    }
    return vectors;
  }

  private static byte[] load(String resource) {
    // The model and its tokenizer are resources of the jar that holds the library's own class.
    try (InputStream in =
        AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The library's model over our own ONNX Runtime session: the library's default session runs each
   * call on a pool of as many threads as cores, which competes with the other stream threads.
   */
  static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(byte[] onnx, byte[] tokenizer) {
      // Runnable::run: embedAll works on the calling thread instead of the library's own pool.
      super(Runnable::run);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        this.encoder =
            new OnnxBertBiEncoder(
                env,
                env.createSession(onnx, options),
                new ByteArrayInputStream(tokenizer),
                PoolingMode.MEAN);
      } catch (OrtException e) {
        throw new IllegalStateException("cannot load " + MODEL_RESOURCE, e);
      }
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return 384;
    }
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
