package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Trains the {@link TopicModel} on the labelled real papers and measures it by cross-validation,
 * deterministically (fixed seed, fixed iteration counts, no threads).
 *
 * <p>One L2-regularised logistic regression per topic over the paper's embedding and the lexicon
 * features, trained by accelerated gradient descent on standardised features (folded back into raw
 * weights). What is chosen from data is chosen inside the rows given to {@link #train}: the
 * regularisation and the decision thresholds come from an inner cross-validation of those rows, so
 * that {@link #crossValidate} scores every paper with a model, and thresholds, that never saw it.
 *
 * <p>Run by {@code TopicEvaluationTest}, which also re-records the shipped weights (README.md,
 * "Enrichment quality").
 */
final class TopicModelTrainer {
  /** Labels of every labelled paper once present; the first 165 until then. */
  static final String REFERENCE_LABELS = "/enrich/reference-labels.tsv";

  static final String EVALUATION_SET = "/enrich/evaluation-set.tsv";

  /** One labelled paper: its unit embedding, its lexicon features and its topics. */
  record Example(String paperId, float[] vector, double[] lexicon, Set<String> topics) {}

  /**
   * What the trainer does. Features are centred, then multiplied by a fixed scale per kind: the
   * larger the scale, the weaker the L2 penalty on that kind relative to the others.
   *
   * @param folds folds of the inner cross-validation that chooses regularisation and thresholds
   * @param lambdas the L2 strengths tried
   * @param embeddingScale scale of the 384 embedding dimensions
   * @param lexiconScale scale of the lexicon features
   * @param descriptionScale scale of the similarity of the paper to the topic's description
   * @param iterations gradient steps per fit
   * @param seed of the fold assignment
   */
  record Options(
      int folds,
      double[] lambdas,
      double embeddingScale,
      double lexiconScale,
      double descriptionScale,
      int iterations,
      long seed) {
    static Options defaults() {
      return new Options(5, new double[] {0.01, 0.03, 0.1}, 5, 3, 20, 100, 20250106L);
    }
  }

  /** Held-out predictions of a cross-validation, by paper id, with the labels. */
  record Evaluation(Map<String, List<String>> predicted, Map<String, Set<String>> labels) {
    int truePositives() {
      return count(0);
    }

    int falsePositives() {
      return count(1);
    }

    int falseNegatives() {
      return count(2);
    }

    double precision() {
      return (double) truePositives() / (truePositives() + falsePositives());
    }

    double recall() {
      return (double) truePositives() / (truePositives() + falseNegatives());
    }

    double f1() {
      return 2 * precision() * recall() / (precision() + recall());
    }

    /** The same predictions, of the papers in {@code paperIds} only. */
    Evaluation of(Set<String> paperIds) {
      Map<String, List<String>> p = new LinkedHashMap<>(predicted);
      p.keySet().retainAll(paperIds);
      return new Evaluation(p, labels);
    }

    /** Per topic ({@code other} included): {right, wrongly given, missed}. */
    Map<String, int[]> countsByTopic() {
      Map<String, int[]> counts = new TreeMap<>();
      predicted.forEach(
          (id, p) -> {
            Set<String> l = labels.get(id);
            p.forEach(t -> counts.computeIfAbsent(t, k -> new int[3])[l.contains(t) ? 0 : 1]++);
            l.stream()
                .filter(t -> !p.contains(t))
                .forEach(t -> counts.computeIfAbsent(t, k -> new int[3])[2]++);
          });
      return counts;
    }

    private int count(int kind) {
      int n = 0;
      for (var e : predicted.entrySet()) {
        Set<String> l = labels.get(e.getKey());
        n +=
            switch (kind) {
              case 0 -> (int) e.getValue().stream().filter(l::contains).count();
              case 1 -> (int) e.getValue().stream().filter(t -> !l.contains(t)).count();
              default -> (int) l.stream().filter(t -> !e.getValue().contains(t)).count();
            };
      }
      return n;
    }
  }

  private final Taxonomy taxonomy;
  private final TopicClassifier lexicon;
  private final Options options;
  private final List<String> topicIds;

  private final float[][] descriptions;

  TopicModelTrainer(Taxonomy taxonomy, Options options) {
    this.taxonomy = taxonomy;
    this.lexicon = new TopicClassifier(taxonomy);
    this.options = options;
    this.topicIds = taxonomy.topics().stream().map(Taxonomy.Topic::id).toList();
    // each topic's description, its label and terms, embedded: a direction the topic's weights
    // are pulled towards (a feature of its own, folded into the embedding weights when shipped)
    this.descriptions = new float[topicIds.size()][];
    for (int t = 0; t < descriptions.length; t++) {
      Taxonomy.Topic topic = taxonomy.topics().get(t);
      descriptions[t] =
          MiniLmEmbedder.shared()
              .embed(topic.label() + ": " + String.join(", ", topic.terms().keySet()));
    }
  }

  /**
   * Topic labels (column 2) of the reference labels when present, else of the evaluation set, by
   * paper id.
   */
  static Map<String, Set<String>> labels() throws IOException {
    String resource =
        TopicModelTrainer.class.getResource(REFERENCE_LABELS) != null
            ? REFERENCE_LABELS
            : EVALUATION_SET;
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    try (InputStream in = TopicModelTrainer.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t", -1);
        Set<String> topics = new HashSet<>();
        for (String t : c[1].split(",")) {
          if (!t.isBlank()) {
            topics.add(t.strip());
          }
        }
        if (!topics.isEmpty()) {
          labels.put(c[0], Set.copyOf(topics));
        }
      }
    }
    return labels;
  }

  /** The labelled papers of the digests in {@code dir}, in label order, embedded by MiniLM. */
  List<Example> examples(Path dir, Map<String, Set<String>> labels) {
    Map<String, UniquePaper> papers = new HashMap<>();
    for (PaperEvent e : SharedDigests.events(dir, Instant.EPOCH)) {
      papers.putIfAbsent(e.getPaperId(), Sightings.first(e));
    }
    TextEmbedder embedder = MiniLmEmbedder.shared();
    List<Example> out = new ArrayList<>();
    for (var l : labels.entrySet()) {
      UniquePaper p = papers.get(l.getKey());
      if (p == null) {
        throw new IllegalStateException("labelled paper " + l.getKey() + " not in the digests");
      }
      TokenizedPaper text = TokenizedPaper.of(p.getTitle(), p.getAbstractText(), embedder);
      out.add(
          new Example(
              l.getKey(),
              text.vector(),
              lexicon.lexiconFeatures(text.titleTokens(), text.abstractTokens()),
              l.getValue()));
    }
    return out;
  }

  /** The topics the lexicon's own rule gives (its decision features), for comparison. */
  Evaluation lexiconAlone(List<Example> rows) {
    Map<String, List<String>> predicted = new LinkedHashMap<>();
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    int topics = topicIds.size();
    for (Example e : rows) {
      List<String> given = new ArrayList<>();
      for (int t = 0; t < topics; t++) {
        if (e.lexicon()[topics + 1 + t] > 0) {
          given.add(topicIds.get(t));
        }
      }
      predicted.put(e.paperId(), given.isEmpty() ? List.of(Taxonomy.OTHER) : given);
      labels.put(e.paperId(), e.topics());
    }
    return new Evaluation(predicted, labels);
  }

  /** The paper ids of each outer fold of {@link #crossValidate}. */
  List<Set<String>> outerFolds(List<Example> rows) {
    int[] fold = folds(rows.size(), options.folds(), options.seed());
    List<Set<String>> out = new ArrayList<>();
    for (int f = 0; f < options.folds(); f++) {
      out.add(new HashSet<>());
    }
    for (int i = 0; i < rows.size(); i++) {
      out.get(fold[i]).add(rows.get(i).paperId());
    }
    return out;
  }

  /** k-fold cross-validation: every paper predicted by a model trained without it. */
  Evaluation crossValidate(List<Example> rows) {
    int[] fold = folds(rows.size(), options.folds(), options.seed());
    Map<String, List<String>> predicted = new LinkedHashMap<>();
    Map<String, Set<String>> labels = new LinkedHashMap<>();
    for (int f = 0; f < options.folds(); f++) {
      List<Example> train = new ArrayList<>();
      List<Example> test = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        (fold[i] == f ? test : train).add(rows.get(i));
      }
      TopicModel m = train(train);
      for (Example e : test) {
        predicted.put(e.paperId(), m.classify(e.vector(), e.lexicon()));
        labels.put(e.paperId(), e.topics());
      }
    }
    return new Evaluation(predicted, labels);
  }

  /**
   * A model trained on {@code rows}: regularisation and thresholds from an inner cross-validation
   * of {@code rows}, then weights from all of them.
   */
  TopicModel train(List<Example> rows) {
    int[] fold = folds(rows.size(), options.folds(), options.seed() + rows.size());
    double bestF1 = -1;
    double bestLambda = 0;
    double[] bestThresholds = null;
    for (double lambda : options.lambdas()) {
      double[][] heldOut = new double[rows.size()][];
      for (int f = 0; f < options.folds(); f++) {
        List<Example> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
          if (fold[i] == f) {
            test.add(i);
          } else {
            train.add(rows.get(i));
          }
        }
        TopicModel m = fit(train, lambda, new double[topicIds.size()]);
        for (int i : test) {
          heldOut[i] = m.probabilities(rows.get(i).vector(), rows.get(i).lexicon());
        }
      }
      double[] thresholds = thresholds(rows, heldOut);
      double f1 = microF1(rows, heldOut, thresholds);
      if (f1 > bestF1) {
        bestF1 = f1;
        bestLambda = lambda;
        bestThresholds = thresholds;
      }
    }
    return fit(rows, bestLambda, bestThresholds);
  }

  /** Thresholds that maximise micro F1 of {@code probabilities} (held out) against the labels. */
  private double[] thresholds(List<Example> rows, double[][] probabilities) {
    double[] grid = new double[91];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = 0.05 + 0.01 * i;
    }
    double[] t = new double[topicIds.size()];
    double best = -1;
    double global = 0.5;
    for (double g : grid) {
      Arrays.fill(t, g);
      double f1 = microF1(rows, probabilities, t);
      if (f1 > best) {
        best = f1;
        global = g;
      }
    }
    Arrays.fill(t, global);
    return t;
  }

  private double microF1(List<Example> rows, double[][] probabilities, double[] thresholds) {
    TopicModel m = model(new float[0][], new double[0][], new double[0], thresholds);
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < rows.size(); i++) {
      List<String> p = m.decide(probabilities[i]);
      Set<String> l = rows.get(i).topics();
      for (String t : p) {
        if (l.contains(t)) {
          tp++;
        } else {
          fp++;
        }
      }
      for (String t : l) {
        if (!p.contains(t)) {
          fn++;
        }
      }
    }
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /**
   * Logistic regressions of every topic on {@code rows}, by accelerated gradient descent. Topic t
   * reads the embedding, its own lexicon score and decision, the out-of-scope score and its
   * similarity to its description; the weights of every other feature stay 0.
   */
  TopicModel fit(List<Example> rows, double lambda, double[] thresholds) {
    int n = rows.size();
    int dims = rows.get(0).vector().length;
    int lex = rows.get(0).lexicon().length;
    int topics = topicIds.size();
    int d = dims + lex + topics;
    double[] scale = new double[d];
    boolean[] used = new boolean[d * topics];
    for (int j = 0; j < d; j++) {
      for (int t = 0; t < topics; t++) {
        boolean own;
        if (j < dims) {
          scale[j] = options.embeddingScale();
          own = true;
        } else if (j < dims + lex) {
          scale[j] = options.lexiconScale();
          int k = j - dims; // scores of every topic, out of scope, decisions of every topic
          own = k == t || k == topics || k == topics + 1 + t;
        } else {
          scale[j] = options.descriptionScale();
          own = j - dims - lex == t;
        }
        used[j * topics + t] = own;
      }
    }
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      Example e = rows.get(i);
      for (int j = 0; j < dims; j++) {
        x[i * d + j] = e.vector()[j];
      }
      System.arraycopy(e.lexicon(), 0, x, i * d + dims, lex);
      for (int t = 0; t < topics; t++) {
        x[i * d + dims + lex + t] = TextEmbedder.cosine(e.vector(), descriptions[t]);
      }
    }
    double[] mean = new double[d]; // of the scaled features
    for (int j = 0; j < d; j++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        x[i * d + j] *= scale[j];
        s += x[i * d + j];
      }
      mean[j] = s / n;
      for (int i = 0; i < n; i++) {
        x[i * d + j] -= mean[j];
      }
    }
    double[] y = new double[n * topics];
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < topics; t++) {
        y[i * topics + t] = rows.get(i).topics().contains(topicIds.get(t)) ? 1 : 0;
      }
    }
    double step = 1 / (Math.max(largestEigenvalue(x, n, d) / n, 1) / 4 + lambda);

    double[] w = new double[d * topics];
    double[] b = new double[topics];
    double[] v = new double[d * topics];
    double[] vb = new double[topics];
    double[] z = new double[n * topics];
    double[] g = new double[d * topics];
    double[] gb = new double[topics];
    for (int k = 0; k < options.iterations(); k++) {
      Arrays.fill(z, 0);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          double xij = x[i * d + j];
          int wo = j * topics;
          int zo = i * topics;
          for (int t = 0; t < topics; t++) {
            z[zo + t] += xij * v[wo + t];
          }
        }
      }
      Arrays.fill(gb, 0);
      for (int i = 0; i < n; i++) {
        for (int t = 0; t < topics; t++) {
          double r = (1 / (1 + Math.exp(-(z[i * topics + t] + vb[t]))) - y[i * topics + t]) / n;
          z[i * topics + t] = r;
          gb[t] += r;
        }
      }
      for (int j = 0; j < d * topics; j++) {
        g[j] = lambda * v[j];
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          double xij = x[i * d + j];
          int go = j * topics;
          int ro = i * topics;
          for (int t = 0; t < topics; t++) {
            g[go + t] += xij * z[ro + t];
          }
        }
      }
      double momentum = k / (k + 3.0);
      for (int j = 0; j < d * topics; j++) {
        double next = used[j] ? v[j] - step * g[j] : 0;
        v[j] = next + momentum * (next - w[j]);
        w[j] = next;
      }
      for (int t = 0; t < topics; t++) {
        double next = vb[t] - step * gb[t];
        vb[t] = next + momentum * (next - b[t]);
        b[t] = next;
      }
    }
    // back to raw features: z = sum w (scale x - mean) + b
    float[][] embedding = new float[topics][dims];
    double[][] lexicon = new double[topics][lex];
    double[] bias = new double[topics];
    for (int t = 0; t < topics; t++) {
      double[] e = new double[dims];
      double bt = b[t];
      for (int j = 0; j < d; j++) {
        double wj = w[j * topics + t];
        bt -= wj * mean[j];
        if (j < dims) {
          e[j] += wj * scale[j];
        } else if (j < dims + lex) {
          lexicon[t][j - dims] = wj * scale[j];
        } else {
          float[] description = descriptions[j - dims - lex];
          for (int i = 0; i < dims; i++) {
            e[i] += wj * scale[j] * description[i];
          }
        }
      }
      for (int i = 0; i < dims; i++) {
        embedding[t][i] = (float) e[i];
      }
      bias[t] = bt;
    }
    return model(embedding, lexicon, bias, thresholds);
  }

  private TopicModel model(
      float[][] embedding, double[][] lexicon, double[] bias, double[] thresholds) {
    List<TopicModel.TopicWeights> weights = new ArrayList<>();
    for (int t = 0; t < topicIds.size(); t++) {
      weights.add(
          new TopicModel.TopicWeights(
              topicIds.get(t),
              embedding.length > 0 ? embedding[t] : new float[0],
              lexicon.length > 0 ? lexicon[t] : new double[0],
              bias.length > 0 ? bias[t] : 0,
              Math.round(thresholds[t] * 100) / 100.0));
    }
    return new TopicModel(
        "topic-model-v1",
        "taxonomy-v3",
        taxonomy.version(),
        MiniLmEmbedder.MODEL_ID,
        taxonomy.maxTopics(),
        List.copyOf(weights));
  }

  /** The largest eigenvalue of x'x, by power iteration from a fixed start. */
  private static double largestEigenvalue(double[] x, int n, int d) {
    double[] v = new double[d];
    Arrays.fill(v, 1 / Math.sqrt(d));
    double[] u = new double[n];
    double eigen = 0;
    for (int k = 0; k < 50; k++) {
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += x[i * d + j] * v[j];
        }
        u[i] = s;
      }
      double[] next = new double[d];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          next[j] += x[i * d + j] * u[i];
        }
      }
      double norm = 0;
      for (double a : next) {
        norm += a * a;
      }
      norm = Math.sqrt(norm);
      eigen = norm;
      for (int j = 0; j < d; j++) {
        v[j] = next[j] / norm;
      }
    }
    return eigen;
  }

  /** A fold in [0, k) for each of n rows: a seeded shuffle of rows dealt round-robin. */
  static int[] folds(int n, int k, long seed) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[order[i]] = i % k;
    }
    return fold;
  }
}
