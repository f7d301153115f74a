package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

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
}
