package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.List;

/**
 * A trained keyphrase ranker: a cheap logistic regression that picks the candidates worth
 * embedding, then one over the features of a candidate ({@link KeyphraseExtractor#FEATURES}:
 * similarity to the paper, title, position, frequency, length, name and boundary features) and two
 * that read a fixed generic centroid, the normalised mean embedding of the training papers: a
 * phrase close to what every paper is about ("language model", "training") is generic. The centroid
 * is part of the shipped weights, so the ranking is a function of the paper's text alone, never of
 * the papers that arrived before it.
 *
 * <p>The weights are a versioned resource ({@link #DEFAULT_RESOURCE}) written by the trainer of the
 * test sources ({@code KeyphraseRankerTrainer}, README.md, "Enrichment quality"): the L2 strength
 * and MMR's {@code lambda} are chosen by an inner cross-validation of the training papers.
 *
 * @param version the version of these weights
 * @param embeddingModel the id of the sentence-embedding model of the features
 * @param features the names of the features, in the order of {@code weights} (checked)
 * @param weights a weight per feature
 * @param bias the intercept
 * @param poolWeights the cheap model that picks the candidates to embed: a weight per feature that
 *     needs no embedding ({@link KeyphraseExtractor#FEATURES} less the last two; those that read an
 *     embedding are 0 there), a logistic regression on every candidate
 * @param poolBias its intercept
 * @param l2 the L2 strength the weights were fitted with (chosen by cross-validation; a record)
 * @param lambda MMR's trade-off of score against redundancy
 * @param centroid the unit-length mean embedding of the training papers
 */
public record KeyphraseRanker(
    String version,
    String embeddingModel,
    List<String> features,
    double[] weights,
    double bias,
    double[] poolWeights,
    double poolBias,
    double l2,
    double lambda,
    float[] centroid) {

  /** The resource of the current ranker. */
  public static final String DEFAULT_RESOURCE = "/enrich/keyphrase-ranker-v1.json";

  /**
   * Loads the default ranker from the classpath; fails when its features are not the extractor's.
   */
  public static KeyphraseRanker loadDefault() {
    KeyphraseRanker r =
        JsonResource.read(DEFAULT_RESOURCE, KeyphraseRanker.class, "keyphrase ranker");
    if (!KeyphraseExtractor.FEATURES.equals(r.features())
        || r.weights().length != r.features().size()
        || r.poolWeights().length != r.features().size() - 2) {
      throw new IllegalArgumentException(
          "keyphrase ranker "
              + DEFAULT_RESOURCE
              + " has features "
              + r.features()
              + ", the extractor computes "
              + KeyphraseExtractor.FEATURES);
    }
    return r;
  }

  /** This ranker as JSON, the format of the resource. */
  public String toJson() {
    return JsonResource.write(this);
  }

  /**
   * The full feature vector of a candidate: its own features ({@code own}, every feature but the
   * last two) and its similarity to the centroid, raw and subtracted from its similarity to the
   * paper ({@code own[0]}).
   */
  static double[] features(double[] own, float[] vector, float[] centroid) {
    double[] x = java.util.Arrays.copyOf(own, own.length + 2);
    double generic = TextEmbedder.cosine(vector, centroid);
    x[own.length] = generic;
    x[own.length + 1] = own[0] - generic;
    return x;
  }

  /** The probability that a candidate with features {@code x} is a keyphrase of its paper. */
  double probability(double[] x) {
    double z = bias;
    for (int j = 0; j < weights.length; j++) {
      z += weights[j] * x[j];
    }
    return 1 / (1 + Math.exp(-z));
  }
}
