package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A trained topic classifier that joins the sentence embedding of a paper with the scores of the
 * taxonomy's lexicon: one logistic regression per topic (one-vs-rest) over the paper's unit
 * embedding and the lexicon features of {@link TopicClassifier#lexiconFeatures}. A topic is given
 * when its probability reaches the topic's threshold; a paper with no such topic is {@value
 * Taxonomy#OTHER}. Nothing is given by default: every topic needs its own evidence.
 *
 * <p>The weights are a versioned resource ({@link #DEFAULT_RESOURCE}) written by the trainer of the
 * test sources ({@code TopicModelTrainer}, see README.md, "Enrichment quality"), with thresholds
 * chosen by cross-validation inside the training data. Classifying costs one dot product per topic
 * beyond the embedding that the paper already has.
 *
 * @param version the version of these weights
 * @param taxonomyVersion stamped on every enriched record as {@code taxonomyVersion}: the topic ids
 *     of the lexicon, classified by this model
 * @param lexiconVersion the version of the {@link Taxonomy} whose scores are features (checked)
 * @param embeddingModel the id of the sentence-embedding model of the features (checked)
 * @param maxTopics topics given at most (the most probable ones)
 * @param topics one classifier per topic, in taxonomy order
 */
public record TopicModel(
    String version,
    String taxonomyVersion,
    String lexiconVersion,
    String embeddingModel,
    int maxTopics,
    List<TopicWeights> topics) {

  /** The resource of the current model. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/topic-model-v1.json";

  /**
   * The classifier of one topic: {@code p = sigmoid(embedding · vector + lexicon · lexiconFeatures
   * + bias)}.
   *
   * @param id the taxonomy id of the topic
   * @param embedding a weight per dimension of the embedding
   * @param lexicon a weight per lexicon feature ({@link TopicClassifier#lexiconFeatures})
   * @param bias the intercept
   * @param threshold the probability from which the topic is given
   */
  public record TopicWeights(
      String id, float[] embedding, double[] lexicon, double bias, double threshold) {}

  /** Loads the default model from the classpath. */
  public static TopicModel loadDefault() {
    return load(DEFAULT_RESOURCE);
  }

  /** Loads a model from a classpath resource. */
  public static TopicModel load(String resource) {
    TopicModel m = JsonResource.read(resource, TopicModel.class, "topic model");
    if (m.version() == null || m.topics() == null || m.topics().isEmpty()) {
      throw new IllegalArgumentException("topic model " + resource + " lacks a version or topics");
    }
    return m;
  }

  /** This model as JSON, the format of {@link #load(String)}. */
  public String toJson() {
    return JsonResource.write(this);
  }

  /** The probability of every topic, in the order of {@link #topics()}. */
  public double[] probabilities(float[] vector, double[] lexiconFeatures) {
    double[] p = new double[topics.size()];
    for (int t = 0; t < p.length; t++) {
      TopicWeights w = topics.get(t);
      double z = w.bias();
      float[] e = w.embedding();
      for (int i = 0; i < e.length; i++) {
        z += e[i] * vector[i];
      }
      double[] l = w.lexicon();
      for (int i = 0; i < l.length; i++) {
        z += l[i] * lexiconFeatures[i];
      }
      p[t] = 1 / (1 + Math.exp(-z));
    }
    return p;
  }

  /**
   * Topic ids in taxonomy order whose probability reaches their threshold (the {@link #maxTopics()}
   * most probable), or {@code ["other"]} when none does.
   */
  public List<String> classify(float[] vector, double[] lexiconFeatures) {
    return decide(probabilities(vector, lexiconFeatures));
  }

  /** The topics given for {@code probabilities}, as {@link #classify(float[], double[])}. */
  public List<String> decide(double[] probabilities) {
    List<Integer> hits = new ArrayList<>();
    for (int t = 0; t < probabilities.length; t++) {
      if (probabilities[t] >= topics.get(t).threshold()) {
        hits.add(t);
      }
    }
    if (hits.isEmpty()) {
      return List.of(Taxonomy.OTHER);
    }
    if (hits.size() > maxTopics) {
      hits.sort(Comparator.comparingDouble((Integer t) -> -probabilities[t]));
      hits = new ArrayList<>(hits.subList(0, maxTopics));
      hits.sort(Comparator.naturalOrder());
    }
    List<String> out = new ArrayList<>(hits.size());
    for (int t : hits) {
      out.add(topics.get(t).id());
    }
    return out;
  }
}
