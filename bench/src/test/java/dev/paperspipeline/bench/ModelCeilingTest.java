package dev.paperspipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.streams.enrich.TokenizedPaper;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCeilingTest {
  /** Records every text it embeds, from any thread. */
  static final class FakeModel implements TextEmbedder {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String modelId() {
      return "fake";
    }

    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public float[] embed(String text) {
      seen.add(text);
      return new float[] {1};
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      List<float[]> out = new ArrayList<>();
      for (String t : texts) {
        out.add(embed(t));
      }
      return out;
    }
  }

  @Test
  void shouldRecordWhatAnEnrichmentSendsToTheModel() {
    FakeModel model = new FakeModel();
    RecordingEmbedder recorder = new RecordingEmbedder(model);
    TokenizedPaper paper = TokenizedPaper.of("Title", "Abstract.", recorder);

    paper.vector();
    paper.vector(); // computed once
    paper.embedder().embedAll(List.of("phrase one", "phrase two"));

    assertThat(recorder.texts())
        .containsExactly("Title. Abstract.", "phrase one", "phrase two")
        .containsExactlyElementsOf(model.seen);
    recorder.clear();
    assertThat(recorder.texts()).isEmpty();
  }

  @Test
  void shouldEmbedEveryTextOnceAcrossThreads() throws Exception {
    FakeModel model = new FakeModel();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      texts.add("text " + i);
    }

    ModelCeiling.Timing timing = ModelCeiling.embedSeconds(model, texts, 2);

    assertThat(timing.seconds()).isPositive();
    assertThat(timing.cpuSeconds()).isPositive();
    assertThat(model.seen).hasSize(101).containsExactlyInAnyOrderElementsOf(texts);
  }
}
