package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains the {@link KeyphraseRanker} on the labelled real papers and measures it by
 * cross-validation, deterministically (fixed folds, fixed step count, no threads).
 *
 * <p>Rows are the embedded candidates of each paper ({@link KeyphraseExtractor#pool}); a candidate
 * is positive when it matches one of the paper's reference phrases by the evaluation's matching
 * rule ({@link KeyphraseEvaluationTest#phraseMatches}), or its own name by the labels. One
 * L2-regularised logistic regression over standardised features, by accelerated gradient descent,
 * folded back into raw weights. The generic centroid is the normalised mean embedding of the
 * training papers. The L2 strength and MMR's lambda are chosen by an inner cross-validation of the
 * training papers (best recall@6 of the inner held-out papers), so that {@link #crossValidate}
 * scores every paper with a ranker, and a setting, that never saw it.
 */
final class KeyphraseRankerTrainer {
  /**
   * One labelled paper: its text, all its candidates, per candidate the references it matches and
   * whether it is the paper's own name by the labels.
   */
  record Paper(
      String paperId,
      TokenizedPaper text,
      List<KeyphraseExtractor.Pooled> all,
      long[] masks,
      boolean[] ownName,
      int references) {}

  /** The pool of a paper under a ranker: indices into {@link Paper#all()} and their embeddings. */
  record Pool(List<Integer> indices, List<KeyphraseExtractor.Pooled> embedded) {}

  /**
   * @param folds folds of the outer and of the inner cross-validation
   * @param l2s the L2 strengths tried
   * @param lambdas the MMR lambdas tried
   * @param iterations gradient steps per fit
   * @param seed of the fold assignment
   */
  record Options(int folds, double[] l2s, double[] lambdas, int iterations, long seed) {
    static Options defaults() {
      return new Options(
          5,
          new double[] {0.001, 0.01, 0.1},
          new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 1.0},
          300,
          20261207L);
    }
  }

  /** The held-out recall of a cross-validation and the settings each outer fold chose. */
  record Evaluation(
      int hits,
      int references,
      int matchable,
      int embedded,
      List<String> chosen,
      int[] heldOutHits) {
    double recall() {
      return (double) hits / references;
    }
  }

  private final Options options;

  KeyphraseRankerTrainer(Options options) {
    this.options = options;
  }

  /** The labelled papers as rows: each with its candidates, as the extractor finds them. */
  static List<Paper> papers(
      List<KeyphraseEvaluationTest.Label> labels, java.util.Map<String, TokenizedPaper> tokenized) {
    List<Paper> out = new ArrayList<>();
    for (KeyphraseEvaluationTest.Label l : labels) {
      TokenizedPaper t = tokenized.get(l.paperId());
      if (t == null) {
        throw new IllegalArgumentException("labelled paper " + l.paperId() + " not in the digests");
      }
      List<KeyphraseExtractor.Pooled> all = KeyphraseExtractor.candidates(t);
      long[] masks = new long[all.size()];
      boolean[] ownName = new boolean[all.size()];
      for (int k = 0; k < all.size(); k++) {
        String d = all.get(k).display();
        ownName[k] = l.paperName() != null && KeyphraseEvaluationTest.nameMatches(d, l.paperName());
        for (int r = 0; r < l.keyphrases().size(); r++) {
          if (KeyphraseEvaluationTest.phraseMatches(d, l.keyphrases().get(r))) {
            masks[k] |= 1L << r;
          }
        }
      }
      out.add(new Paper(l.paperId(), t, all, masks, ownName, l.keyphrases().size()));
    }
    return out;
  }

  /** The embedded pool of {@code p} under {@code ranker}'s pool model. */
  static Pool pool(KeyphraseRanker ranker, Paper p) {
    return pool(p, ranker.poolWeights(), ranker.poolBias());
  }

  private static Pool pool(Paper p, double[] poolWeights, double poolBias) {
    List<Integer> indices = KeyphraseExtractor.poolIndices(p.all(), poolWeights, poolBias);
    List<KeyphraseExtractor.Pooled> chosen = new ArrayList<>(indices.size());
    for (int k : indices) {
      chosen.add(p.all().get(k));
    }
    return new Pool(indices, KeyphraseExtractor.embed(p.text(), chosen));
  }

  /** References of {@code p} matched by the keyphrases {@code ranker} gives. */
  static int hits(KeyphraseRanker ranker, Paper p) {
    Pool pool = pool(ranker, p);
    return hits(p, pool, scores(ranker, pool), ranker.lambda());
  }

  /** References of {@code p} that a candidate of its pool matches: what any ranking could find. */
  static int matchable(KeyphraseRanker ranker, Paper p) {
    long found = 0;
    for (int k : pool(ranker, p).indices()) {
      found |= p.masks()[k];
    }
    return Long.bitCount(found);
  }

  private static int hits(Paper p, Pool pool, double[] scores, double lambda) {
    long found = 0;
    for (int k : KeyphraseExtractor.select(pool.embedded(), scores, lambda)) {
      found |= p.masks()[pool.indices().get(k)];
    }
    return Long.bitCount(found);
  }

  private static double[] scores(KeyphraseRanker ranker, Pool pool) {
    double[] s = new double[pool.embedded().size()];
    for (int k = 0; k < s.length; k++) {
      KeyphraseExtractor.Pooled c = pool.embedded().get(k);
      s[k] =
          ranker.probability(KeyphraseRanker.features(c.features(), c.vector(), ranker.centroid()));
    }
    return s;
  }

  /** Recall@6 of held-out papers by {@link Options#folds()}-fold cross-validation. */
  Evaluation crossValidate(List<Paper> papers) {
    int[] fold = TopicModelTrainer.folds(papers.size(), options.folds(), options.seed());
    int hits = 0;
    int refs = 0;
    int matchable = 0;
    int embedded = 0;
    int[] perPaper = new int[papers.size()];
    List<String> chosen = new ArrayList<>();
    for (int f = 0; f < options.folds(); f++) {
      List<Paper> train = new ArrayList<>();
      for (int i = 0; i < papers.size(); i++) {
        if (fold[i] != f) {
          train.add(papers.get(i));
        }
      }
      KeyphraseRanker r = train(train);
      chosen.add(settings(r));
      for (int i = 0; i < papers.size(); i++) {
        if (fold[i] == f) {
          perPaper[i] = hits(r, papers.get(i));
          hits += perPaper[i];
          matchable += matchable(r, papers.get(i));
          embedded += pool(r, papers.get(i)).indices().size();
          refs += papers.get(i).references();
        }
      }
    }
    return new Evaluation(hits, refs, matchable, embedded, chosen, perPaper);
  }

  /** The L2 strength and lambda a ranker was trained with, as "l2/lambda". */
  static String settings(KeyphraseRanker r) {
    return r.l2() + "/" + r.lambda();
  }

  /**
   * The ranker made of {@code papers}: L2 strength and lambda chosen by an inner cross-validation
   * of {@code papers}, then fitted on all of them.
   */
  KeyphraseRanker train(List<Paper> papers) {
    int[] fold = TopicModelTrainer.folds(papers.size(), options.folds(), options.seed() + 1);
    double[] l2s = options.l2s();
    double[] lambdas = options.lambdas();
    int[][] hits = new int[l2s.length][lambdas.length];
    for (int a = 0; a < l2s.length; a++) {
      for (int f = 0; f < options.folds(); f++) {
        List<Paper> train = new ArrayList<>();
        for (int i = 0; i < papers.size(); i++) {
          if (fold[i] != f) {
            train.add(papers.get(i));
          }
        }
        KeyphraseRanker r = fit(train, l2s[a], 1);
        for (int i = 0; i < papers.size(); i++) {
          if (fold[i] == f) {
            Pool pool = pool(r, papers.get(i));
            double[] s = scores(r, pool);
            for (int b = 0; b < lambdas.length; b++) {
              hits[a][b] += hits(papers.get(i), pool, s, lambdas[b]);
            }
          }
        }
      }
    }
    int bestA = 0;
    int bestB = 0;
    for (int a = 0; a < l2s.length; a++) {
      for (int b = 0; b < lambdas.length; b++) {
        if (hits[a][b] > hits[bestA][bestB]) {
          bestA = a;
          bestB = b;
        }
      }
    }
    return fit(papers, l2s[bestA], lambdas[bestB]);
  }

  /**
   * The ranker fitted on {@code papers} with L2 strength {@code l2}: the pool model on all their
   * candidates, then the ranking model on the pools it picks.
   */
  KeyphraseRanker fit(List<Paper> papers, double l2, double lambda) {
    int dims = papers.get(0).text().vector().length;
    double[] mean = new double[dims];
    for (Paper p : papers) {
      float[] v = p.text().vector();
      for (int i = 0; i < dims; i++) {
        mean[i] += v[i];
      }
    }
    double norm = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
    float[] centroid = new float[dims];
    for (int i = 0; i < dims; i++) {
      centroid[i] = (float) (mean[i] / norm);
    }
    int d = KeyphraseExtractor.FEATURES.size();

    // the pool model: every candidate, the features that need no embedding (the others are 0)
    List<double[]> rows = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (Paper p : papers) {
      for (int k = 0; k < p.all().size(); k++) {
        rows.add(Arrays.copyOf(p.all().get(k).features(), d));
        labels.add(positive(p, k));
      }
    }
    double[] cheap = logistic(rows, labels, l2);
    double[] poolWeights = Arrays.copyOf(cheap, d - 2);
    double poolBias = cheap[d];

    // the ranking model: the pools the pool model picks, embedded
    rows.clear();
    labels.clear();
    for (Paper p : papers) {
      Pool pool = pool(p, poolWeights, poolBias);
      for (int k = 0; k < pool.indices().size(); k++) {
        KeyphraseExtractor.Pooled c = pool.embedded().get(k);
        rows.add(KeyphraseRanker.features(c.features(), c.vector(), centroid));
        labels.add(positive(p, pool.indices().get(k)));
      }
    }
    double[] w = logistic(rows, labels, l2);
    return new KeyphraseRanker(
        "keyphrase-ranker-v1",
        MiniLmEmbedder.MODEL_ID,
        KeyphraseExtractor.FEATURES,
        Arrays.copyOf(w, d),
        w[d],
        poolWeights,
        poolBias,
        l2,
        lambda,
        centroid);
  }

  /** Whether candidate {@code k} of {@code p} is a keyphrase by the labels (1) or not (0). */
  private static double positive(Paper p, int k) {
    // the paper's own name belongs among its keyphrases too (first, when found)
    return p.masks()[k] != 0 || p.ownName()[k] ? 1 : 0;
  }

  /**
   * An L2-regularised logistic regression of {@code labels} on {@code rows}, by accelerated
   * gradient descent on standardised features: raw weights, then the intercept (last).
   */
  private double[] logistic(List<double[]> rows, List<Double> labels, double l2) {
    int n = rows.size();
    int d = rows.get(0).length;
    double[] mu = new double[d];
    double[] sd = new double[d];
    for (double[] x : rows) {
      for (int j = 0; j < d; j++) {
        mu[j] += x[j] / n;
      }
    }
    for (double[] x : rows) {
      for (int j = 0; j < d; j++) {
        sd[j] += (x[j] - mu[j]) * (x[j] - mu[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
    }
    double[][] z = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        z[i][j] = (rows.get(i)[j] - mu[j]) / sd[j];
      }
    }
    // standardised features: the Hessian's largest eigenvalue is at most d / 4
    double step = 1 / (d / 4.0 + l2);
    double[] w = new double[d + 1];
    double[] v = new double[d + 1];
    double[] g = new double[d + 1];
    for (int it = 0; it < options.iterations(); it++) {
      Arrays.fill(g, 0);
      for (int i = 0; i < n; i++) {
        double s = v[d];
        for (int j = 0; j < d; j++) {
          s += v[j] * z[i][j];
        }
        double r = (1 / (1 + Math.exp(-s)) - labels.get(i)) / n;
        for (int j = 0; j < d; j++) {
          g[j] += r * z[i][j];
        }
        g[d] += r;
      }
      for (int j = 0; j < d; j++) {
        g[j] += l2 * v[j];
      }
      double momentum = it / (it + 3.0);
      for (int j = 0; j <= d; j++) {
        double next = v[j] - step * g[j];
        v[j] = next + momentum * (next - w[j]);
        w[j] = next;
      }
    }
    double[] raw = new double[d + 1];
    raw[d] = w[d];
    for (int j = 0; j < d; j++) {
      raw[j] = w[j] / sd[j];
      raw[d] -= raw[j] * mu[j];
    }
    return raw;
  }
}
