package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyphraseExtractorTest {

  private final KeyphraseExtractor extractor = new KeyphraseExtractor();

  private List<String> extract(String title, String abstractText) {
    return extractor.extract(Tokens.of(title), Tokens.of(abstractText));
  }

  @Test
  void shouldFindMultiWordPhrasesBetweenStopwordsAndRankRecurringOnesFirst() {
    List<String> phrases =
        extract(
            "Sparse Mixture Routing for Quokka Networks",
            "We propose sparse mixture routing, a method for quokka networks. Sparse mixture"
                + " routing lowers the cost of quokka networks while keeping accuracy.");

    assertThat(phrases).isNotEmpty().hasSizeLessThanOrEqualTo(KeyphraseExtractor.MAX_KEYPHRASES);
    assertThat(phrases.subList(0, 2))
        .containsExactlyInAnyOrder("sparse mixture routing", "quokka networks");
    assertThat(phrases).allMatch(p -> p.equals(p.toLowerCase()));
  }

  @Test
  void shouldSurfaceTermsNoListKnows() {
    List<String> phrases =
        extract(
            "Zorblax Attention",
            "Zorblax attention replaces softmax attention. Zorblax attention is fast.");

    assertThat(phrases.get(0)).isEqualTo("zorblax attention");
  }

  @Test
  void shouldKeepHyphenatedWordsTogetherAndSkipStopwordsAndNumbers() {
    List<String> phrases =
        extract("", "The text-to-image model uses 1024 steps and the text-to-image model wins.");

    assertThat(phrases).contains("text-to-image model");
    assertThat(phrases).noneMatch(p -> p.contains("the ") || p.equals("1024"));
  }

  @Test
  void shouldReturnAtMostTenPhrasesAndNothingForEmptyText() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      many.append("alpha").append((char) ('a' + i % 26)).append(i).append(" beta, ");
    }
    assertThat(extract("", many.toString())).hasSize(10);
    assertThat(extract("", "")).isEmpty();
  }

  @Test
  void shouldDropAPossessiveSInsteadOfJoiningItWithAHyphen() {
    List<String> phrases =
        extract(
            "Knowledge capacity",
            "The model's knowledge capacity grows. The model’s knowledge capacity is finite.");

    assertThat(phrases).contains("knowledge capacity");
    assertThat(phrases).noneMatch(p -> p.contains("-s ") || p.endsWith("-s") || p.contains("'s"));
  }

  @Test
  void shouldEndPhrasesAtVerbsAndAdverbsOfTheProse() {
    List<String> phrases =
        extract(
            "Sparse routing",
            "Sparse routing gains typically flatten, encouraging future research. Outstanding"
                + " issues persist while sparse routing offers broad potential.");

    assertThat(phrases)
        .contains("sparse routing", "future research", "outstanding issues", "broad potential")
        .doesNotContain(
            "gains typically flatten",
            "encouraging future research",
            "outstanding issues persist",
            "offers broad potential");
    assertThat(phrases).noneMatch(p -> p.contains("typically") || p.contains("encouraging"));
  }

  @Test
  void shouldKeepNounsThatLookLikeVerbsOrAdverbs() {
    List<String> phrases =
        extract(
            "Anomaly detection for human poses",
            "Anomaly detection finds rare human poses. Anomaly detection on human poses helps.");

    assertThat(phrases).contains("anomaly detection", "human poses");
  }

  @Test
  void shouldNotMakeKeyphrasesOfLinksOrOfHalvesOfStopwordCompounds() {
    List<String> phrases =
        extract(
            "Quokka routing",
            "A large-scale quokka routing benchmark with high-quality quokka labels. Code:"
                + " https://github.com/om-ai-lab/quokka-kit and hf.co/zorb-lab/zorb-set. Power-law"
                + " exponents --- the steepness --- vary.");

    assertThat(phrases)
        .contains("quokka routing benchmark", "quokka labels", "power-law exponents");
    assertThat(phrases)
        .noneMatch(
            p ->
                p.startsWith("scale")
                    || p.startsWith("quality")
                    || p.contains("om-ai")
                    || p.contains("-lab")
                    || p.contains("kit")
                    || p.contains("zorb")
                    || p.endsWith("-the"));
  }

  @Test
  void shouldDropLeadingVerbFormsButKeepTechniqueNames() {
    List<String> phrases =
        extract(
            "Performing affordance grounding",
            "Performing affordance grounding with supervised learning; a trained quokka model"
                + " and collected quokka data. Learning rate schedules and training data are used.");

    assertThat(phrases)
        .contains(
            "affordance grounding",
            "supervised learning",
            "quokka model",
            "quokka data",
            "learning rate schedules",
            "training data");
    assertThat(phrases)
        .noneMatch(
            p ->
                p.startsWith("performing") || p.startsWith("trained") || p.startsWith("collected"));
  }
}
