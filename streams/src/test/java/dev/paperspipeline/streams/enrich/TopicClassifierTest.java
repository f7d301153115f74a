package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicClassifierTest {

  private static final TopicClassifier DEFAULT = new TopicClassifier(Taxonomy.loadDefault());

  private static List<String> classify(TopicClassifier c, String title, String abstractText) {
    return c.classify(Tokens.of(title), Tokens.of(abstractText));
  }

  @Test
  void shouldLoadTheVersionedTaxonomyWithTheExpectedAreas() {
    Taxonomy t = Taxonomy.loadDefault();

    assertThat(t.version()).isEqualTo("taxonomy-v2");
    assertThat(t.topics())
        .extracting(Taxonomy.Topic::id)
        .contains(
            "llm",
            "scaling-laws",
            "diffusion",
            "reinforcement-learning",
            "agents",
            "alignment-safety",
            "efficiency-quantization",
            "multimodal",
            "retrieval-rag",
            "code",
            "speech-audio",
            "robotics",
            "medical",
            "graphs",
            "time-series",
            "theory",
            "data-benchmarks",
            "3d-vision",
            "video",
            "reasoning")
        .doesNotHaveDuplicates()
        .doesNotContain(Taxonomy.OTHER);
  }

  @Test
  void shouldAssignTopicsFromTitleAndAbstractInTaxonomyOrder() {
    List<String> topics =
        classify(
            DEFAULT,
            "Quantizing Large Language Models for On-Device Inference",
            "We study post-training quantization of LLMs and reduce memory footprint.");

    assertThat(topics).containsExactly("llm", "efficiency-quantization");
  }

  @Test
  void shouldMatchWholeWordsOnly() {
    // "rag" inside "fragment" and "storage" must not count, nor "gan" in "organ"
    List<String> topics =
        classify(
            DEFAULT,
            "Fragment storage for organ banks",
            "A fragmented storage of organizations' paragraphs.");

    assertThat(topics).containsExactly(Taxonomy.OTHER);
  }

  @Test
  void shouldWeighTitleMatchesMoreThanAbstractMatches() {
    Taxonomy t =
        new Taxonomy(
            "test",
            2.0,
            2.5,
            2,
            4,
            List.of(new Taxonomy.Topic("audio", "Audio", Map.of("audio", 1.0))));
    TopicClassifier c = new TopicClassifier(t);

    assertThat(classify(c, "Audio tokens", "Nothing here.")).containsExactly("audio");
    assertThat(classify(c, "Tokens", "We process audio.")).containsExactly(Taxonomy.OTHER);
    assertThat(classify(c, "Tokens", "Audio in, audio out.")).containsExactly("audio");
  }

  @Test
  void shouldMatchPhrasesAcrossHyphensAndPlurals() {
    assertThat(
            classify(
                DEFAULT,
                "Chain of Thought prompting",
                "We elicit chain-of-thought reasoning with step-by-step prompts."))
        .contains("reasoning");
    assertThat(classify(DEFAULT, "Scaling Laws for Agents", "Agents follow scaling laws."))
        .contains("scaling-laws", "agents");
  }

  @Test
  void shouldCapTheNumberOfTopicsAtTheBestScoring() {
    Taxonomy t = Taxonomy.loadDefault();
    List<String> topics =
        classify(
            new TopicClassifier(t),
            "Multimodal LLM agents for robot video speech code",
            "Multimodal LLM agents for robot video speech code generation with retrieval-augmented"
                + " diffusion models.");

    assertThat(topics).hasSize(t.maxTopics());
  }

  @Test
  void shouldMatchTheShortTermO1OnlyAsWrittenNotEnumerationLabels() {
    String obstacles =
        "We identify three obstacles: (O1) lack of evaluation, (O2) untested viability and (O3)"
            + " no guidelines. To tackle O1, we summarize growth operators.";

    assertThat(classify(DEFAULT, "Stacking your transformers", obstacles))
        .doesNotContain("reasoning");
    assertThat(classify(DEFAULT, "What o1 does", "We study o1 on puzzles.")).contains("reasoning");
  }

  @Test
  void shouldClassAnAstrophysicsSurveyAsOther() {
    assertThat(
            classify(
                DEFAULT,
                "Selection function of clusters in Dark Energy Survey data from South Pole"
                    + " Telescope detections",
                "Galaxy clusters selected in photometric surveys provide large samples. We"
                    + " cross-match galaxy clusters with telescope detections and model the"
                    + " relation of richness and halo mass with a Bayesian population model."))
        .containsExactly(Taxonomy.OTHER);
  }

  @Test
  void shouldKeepMachineLearningForAstronomyInTheTaxonomyWhenItDominates() {
    assertThat(
            classify(
                DEFAULT,
                "A survey of deep learning for galaxy image classification",
                "We survey convolutional neural networks and vision transformers for image"
                    + " classification of galaxy images."))
        .contains("survey", "vision")
        .doesNotContain(Taxonomy.OTHER);
  }

  @Test
  void shouldDropTopicsFarBelowTheBestOneWithARelativeThreshold() {
    List<Taxonomy.Topic> topics =
        List.of(
            new Taxonomy.Topic("audio", "Audio", Map.of("audio", 2.0)),
            new Taxonomy.Topic("vision", "Vision", Map.of("image", 1.0)));
    String title = "Audio codecs";
    String abstractText = "An audio codec for audio, tested on an image and an image.";

    assertThat(
            classify(
                new TopicClassifier(
                    new Taxonomy("t", 2.0, 2.5, 2, 4, 0.0, topics, Set.of(), Map.of())),
                title,
                abstractText))
        .containsExactly("audio", "vision");
    assertThat(
            classify(
                new TopicClassifier(
                    new Taxonomy("t", 2.0, 2.5, 2, 4, 0.35, topics, Set.of(), Map.of())),
                title,
                abstractText))
        .containsExactly("audio");
  }

  /** An embedder that maps every text to the same unit vector. */
  private record FixedEmbedder(String modelId, float[] vector) implements TextEmbedder {
    @Override
    public int dimension() {
      return vector.length;
    }

    @Override
    public float[] embed(String text) {
      return vector.clone();
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      return texts.stream().map(this::embed).toList();
    }
  }

  private static final Taxonomy TWO_TOPICS =
      new Taxonomy(
          "lexicon-test",
          2.0,
          2.5,
          2,
          4,
          0.0,
          List.of(
              new Taxonomy.Topic("audio", "Audio", Map.of("audio", 2.0)),
              new Taxonomy.Topic("vision", "Vision", Map.of("image", 2.0))),
          Set.of(),
          Map.of());

  /**
   * A model over a 2-dimensional embedding: audio from the first dimension, vision from its own
   * lexicon decision (feature 3 + 1 = 4: two scores, out of scope, then the decisions).
   */
  private static TopicModel twoTopicModel(String lexiconVersion) {
    double[] none = new double[5];
    double[] visionDecision = {0, 0, 0, 0, 8};
    return new TopicModel(
        "model-test",
        "taxonomy-test",
        lexiconVersion,
        "fixed",
        4,
        List.of(
            new TopicModel.TopicWeights("audio", new float[] {8, 0}, none, -4, 0.5),
            new TopicModel.TopicWeights("vision", new float[] {0, 0}, visionDecision, -4, 0.5)));
  }

  private static List<String> classifyByModel(float[] vector, String title, String abstractText) {
    TopicClassifier c = new TopicClassifier(TWO_TOPICS, twoTopicModel("lexicon-test"));
    return c.classify(TokenizedPaper.of(title, abstractText, new FixedEmbedder("fixed", vector)));
  }

  @Test
  void shouldGiveATopicByTheModelFromTheEmbeddingOrTheLexiconWhenItReachesItsThreshold() {
    // sigmoid(8 - 4) = 0.98 for audio; vision's lexicon decision is 0, so sigmoid(-4) = 0.02
    assertThat(classifyByModel(new float[] {1, 0}, "Tokens", "Nothing here."))
        .containsExactly("audio");
    // "image" in the title scores 2 x 2.5 = 5 >= 2: the lexicon gives vision, the model keeps it
    assertThat(classifyByModel(new float[] {0, 1}, "Image tokens", "Nothing here."))
        .containsExactly("vision");
    assertThat(classifyByModel(new float[] {1, 0}, "Image tokens", "Nothing here."))
        .containsExactly("audio", "vision");
  }

  @Test
  void shouldGiveOtherByTheModelWhenNoTopicHasEvidence() {
    assertThat(classifyByModel(new float[] {0, 1}, "Tokens", "Nothing here."))
        .containsExactly(Taxonomy.OTHER);
  }

  @Test
  void shouldStampTheModelsTaxonomyVersion() {
    assertThat(new TopicClassifier(TWO_TOPICS, twoTopicModel("lexicon-test")).version())
        .isEqualTo("taxonomy-test");
    assertThat(new TopicClassifier(TWO_TOPICS).version()).isEqualTo("lexicon-test");
  }

  @Test
  void shouldRefuseAModelTrainedOnAnotherLexiconOrEmbedding() {
    assertThatThrownBy(() -> new TopicClassifier(TWO_TOPICS, twoTopicModel("lexicon-v0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lexicon-v0");
    TopicClassifier c = new TopicClassifier(TWO_TOPICS, twoTopicModel("lexicon-test"));
    TokenizedPaper other =
        TokenizedPaper.of("Tokens", "", new FixedEmbedder("another-model", new float[] {1, 0}));
    assertThatThrownBy(() -> c.classify(other))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another-model");
  }

  @Test
  void shouldShipAModelOfTheDefaultTaxonomyOverTheSharedEmbedding() {
    Taxonomy t = Taxonomy.loadDefault();
    TopicModel m = TopicModel.loadDefault();

    assertThat(m.taxonomyVersion()).isEqualTo("taxonomy-v3");
    assertThat(m.lexiconVersion()).isEqualTo(t.version());
    assertThat(m.embeddingModel())
        .isEqualTo(dev.paperspipeline.streams.enrich.model.MiniLmEmbedder.MODEL_ID);
    assertThat(m.topics())
        .extracting(TopicModel.TopicWeights::id)
        .containsExactlyElementsOf(t.topics().stream().map(Taxonomy.Topic::id).toList());
    assertThat(m.topics())
        .allSatisfy(
            w -> {
              assertThat(w.embedding()).hasSize(384);
              assertThat(w.lexicon()).hasSize(2 * t.topics().size() + 1);
              assertThat(w.threshold()).isBetween(0.05, 0.95);
            });
    new TopicClassifier(t, m); // checks the ids and the lexicon version
  }
}
