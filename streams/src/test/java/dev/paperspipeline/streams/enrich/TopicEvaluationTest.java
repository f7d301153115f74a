package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topics measured honestly: the {@link TopicModel} is re-trained by {@link TopicModelTrainer} on
 * the labelled real papers of {@code ../shared} and scored by 5-fold cross-validation, each paper
 * by a model (and thresholds) that never saw it. Also checks that the shipped weights are what the
 * trainer makes of all the labelled papers; an intended change re-records them:
 *
 * <pre>
 * mvn -B -pl streams -am test -Dtest=TopicEvaluationTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpapers.topicModel.record=true
 * </pre>
 *
 * <p>Skipped when the digests are absent.
 */
class TopicEvaluationTest {
  private static final Logger log = LoggerFactory.getLogger(TopicEvaluationTest.class);

  /** System property: write the shipped weights instead of comparing with them. */
  static final String RECORD = "papers.topicModel.record";

  private static final Path SHIPPED =
      Path.of("src", "main", "resources", "taxonomy", "topic-model-v1.json");

  // A little below the measured figures (README.md, "Enrichment quality").
  static final double MIN_F1 = 0.78;
  static final double MIN_PRECISION = 0.77;
  static final double MIN_RECALL = 0.77;

  @Test
  void shouldClassifyUnseenPapersAboveTheBoundsByNestedCrossValidation() throws IOException {
    Path dir = SharedDigests.dirOrSkip();
    TopicModelTrainer trainer =
        new TopicModelTrainer(Taxonomy.loadDefault(), TopicModelTrainer.Options.defaults());
    Map<String, Set<String>> labels = TopicModelTrainer.labels();
    List<TopicModelTrainer.Example> rows = trainer.examples(dir, labels);

    TopicModelTrainer.Evaluation cv = trainer.crossValidate(rows);
    TopicModelTrainer.Evaluation lexicon = trainer.lexiconAlone(rows);

    log.info(
        "topics by 5-fold cross-validation on {} papers: precision {} recall {} F1 {} ({} right,"
            + " {} wrong, {} missed)",
        rows.size(),
        String.format("%.3f", cv.precision()),
        String.format("%.3f", cv.recall()),
        String.format("%.3f", cv.f1()),
        cv.truePositives(),
        cv.falsePositives(),
        cv.falseNegatives());
    log.info(
        "the lexicon alone (taxonomy-v2's rule) on the same papers: precision {} recall {} F1 {}"
            + " ({} right, {} wrong, {} missed)",
        String.format("%.3f", lexicon.precision()),
        String.format("%.3f", lexicon.recall()),
        String.format("%.3f", lexicon.f1()),
        lexicon.truePositives(),
        lexicon.falsePositives(),
        lexicon.falseNegatives());
    // the spread over the outer folds says how far apart two settings must be to differ
    List<String> perFold =
        trainer.outerFolds(rows).stream().map(f -> String.format("%.3f", cv.of(f).f1())).toList();
    log.info("topics F1 of each outer fold (about 53 papers each): {}", perFold);
    Map<String, int[]> before = lexicon.countsByTopic();
    cv.countsByTopic()
        .forEach(
            (t, c) -> {
              int[] l = before.getOrDefault(t, new int[3]);
              log.info(
                  "topic {}: {} labelled, precision {} recall {} F1 {} ({} right, {} wrong, {}"
                      + " missed; lexicon alone: F1 {}, {} wrong, {} missed)",
                  t,
                  c[0] + c[2],
                  ratio(c[0], c[0] + c[1]),
                  ratio(c[0], c[0] + c[2]),
                  ratio(2 * c[0], 2 * c[0] + c[1] + c[2]),
                  c[0],
                  c[1],
                  c[2],
                  ratio(2 * l[0], 2 * l[0] + l[1] + l[2]),
                  l[1],
                  l[2]);
            });
    assertThat(cv.predicted()).hasSize(rows.size());
    assertThat(cv.precision()).as("topic precision").isGreaterThanOrEqualTo(MIN_PRECISION);
    assertThat(cv.recall()).as("topic recall").isGreaterThanOrEqualTo(MIN_RECALL);
    assertThat(cv.f1()).as("topic F1").isGreaterThanOrEqualTo(MIN_F1);
  }

  @Test
  void shouldShipTheModelTheTrainerMakesOfAllTheLabelledPapers() throws IOException {
    Path dir = SharedDigests.dirOrSkip();
    TopicModelTrainer trainer =
        new TopicModelTrainer(Taxonomy.loadDefault(), TopicModelTrainer.Options.defaults());
    List<TopicModelTrainer.Example> rows = trainer.examples(dir, TopicModelTrainer.labels());

    TopicModel trained = trainer.train(rows);

    if (Boolean.getBoolean(RECORD)) {
      Files.writeString(SHIPPED, trained.toJson() + "\n", StandardCharsets.UTF_8);
      log.info("recorded {} from {} papers", SHIPPED, rows.size());
      return; // the classpath still holds the previous build's copy
    }
    TopicModel shipped = TopicModel.loadDefault();
    assertThat(shipped.version()).isEqualTo(trained.version());
    assertThat(shipped.topics()).hasSameSizeAs(trained.topics());
    for (int t = 0; t < trained.topics().size(); t++) {
      TopicModel.TopicWeights a = shipped.topics().get(t);
      TopicModel.TopicWeights b = trained.topics().get(t);
      assertThat(a.id()).isEqualTo(b.id());
      assertThat(a.threshold()).as("threshold of %s", a.id()).isEqualTo(b.threshold());
      assertThat(a.bias()).as("bias of %s", a.id()).isCloseTo(b.bias(), within(1e-3));
      for (int i = 0; i < a.embedding().length; i++) {
        assertThat((double) a.embedding()[i]).isCloseTo(b.embedding()[i], within(1e-3));
      }
      for (int i = 0; i < a.lexicon().length; i++) {
        assertThat(a.lexicon()[i]).isCloseTo(b.lexicon()[i], within(1e-3));
      }
    }
  }

  private static String ratio(int numerator, int denominator) {
    return denominator == 0 ? "-" : String.format("%.3f", (double) numerator / denominator);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
