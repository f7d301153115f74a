package dev.paperspipeline.streams.enrich.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
  private static final List<String> TEXTS =
      List.of(
          "sparse mixture of experts",
          "LLMs",
          "WTA-CRS",
          "scaling laws",
          "Winner-Take-All Column Row Sampling (WTA-CRS) for memory-efficient fine-tuning",
          "Weakly supervised affordance grounding teaches agents the concept of affordance"
              + " without costly pixel-level annotations. "
              + "word ".repeat(600),
          "Über die Quantisierung großer Sprachmodelle",
          "tab\tand\u0007control");

  @Test
  void shouldGiveTheLibrarysVectorsOnItsOneThreadSession() {
    // The library's own model, on its default session (a pool of intra-op threads).
    AllMiniLmL6V2QuantizedEmbeddingModel library = new AllMiniLmL6V2QuantizedEmbeddingModel();
    MiniLmEmbedder ours = MiniLmEmbedder.shared();

    for (String text : TEXTS) {
      float[] expected = library.embed(text).content().vector();
      float[] actual = ours.embed(text);
      assertThat(TextEmbedder.cosine(expected, actual)).as(text).isGreaterThan(1 - 1e-4);
    }
  }

  @Test
  void shouldGiveUnitVectorsTheSameForEmbedAndEmbedAll() {
    MiniLmEmbedder model = MiniLmEmbedder.shared();

    List<float[]> all = model.embedAll(TEXTS);

    for (int i = 0; i < TEXTS.size(); i++) {
      float[] one = model.embed(TEXTS.get(i));
      assertThat(one).hasSize(model.dimension()).containsExactly(all.get(i));
      assertThat(TextEmbedder.cosine(one, one))
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }
}
