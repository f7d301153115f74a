package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Assigns taxonomy topics to a paper (fields {@code topics} and {@code taxonomyVersion}). Terms are
 * precompiled into a {@link Lexicon} over stemmed tokens, so scoring costs one pass over the title
 * and abstract tokens.
 *
 * <p>With a {@link TopicModel} (the pipeline's default), the lexicon's scores are features of the
 * model, next to the paper's sentence embedding, and the model decides; without one, the lexicon's
 * own rule of {@link Taxonomy} decides.
 */
public final class TopicClassifier implements Enrichment {
  private record Term(int topic, int termIndex, double weight) {}

  private final Taxonomy taxonomy;
  private final TopicModel model;
  private final Lexicon lexicon = new Lexicon(); // reports each term by its index in terms
  private final Term[] terms;
  // the pseudo-topic of the out-of-scope terms, after the real topics
  private final int outOfScope;

  /** A classifier by the lexicon of {@code taxonomy} alone. */
  public TopicClassifier(Taxonomy taxonomy) {
    this(taxonomy, null);
  }

  /**
   * A classifier by {@code model} over the paper's embedding and the scores of {@code taxonomy}'s
   * lexicon; fails when the model was trained on another lexicon or other topics.
   */
  public TopicClassifier(Taxonomy taxonomy, TopicModel model) {
    if (model != null) {
      List<String> ids = taxonomy.topics().stream().map(Taxonomy.Topic::id).toList();
      List<String> modelIds = model.topics().stream().map(TopicModel.TopicWeights::id).toList();
      if (!taxonomy.version().equals(model.lexiconVersion()) || !ids.equals(modelIds)) {
        throw new IllegalArgumentException(
            "topic model "
                + model.version()
                + " was trained on lexicon "
                + model.lexiconVersion()
                + " with topics "
                + modelIds
                + ", not on "
                + taxonomy.version()
                + " with "
                + ids);
      }
    }
    this.taxonomy = taxonomy;
    this.model = model;
    this.outOfScope = taxonomy.topics().size();
    List<Term> all = new ArrayList<>();
    for (int t = 0; t <= outOfScope; t++) {
      Map<String, Double> topicTerms =
          t < outOfScope ? taxonomy.topics().get(t).terms() : taxonomy.outOfScopeTerms();
      for (var e : topicTerms.entrySet()) {
        Tokens tokens = Tokens.of(e.getKey());
        boolean exact = taxonomy.caseSensitiveTerms().contains(e.getKey());
        Term term = new Term(t, all.size(), e.getValue());
        if (exact) {
          lexicon.addExact(tokens.originalList(), tokens.lower(0), term.termIndex());
        } else {
          lexicon.addStems(tokens.stemList(), term.termIndex());
        }
        all.add(term);
      }
    }
    this.terms = all.toArray(Term[]::new);
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** The topic model, or null when the lexicon decides alone. */
  public TopicModel model() {
    return model;
  }

  /** The version stamped as {@code taxonomyVersion}: the model's, else the lexicon's. */
  public String version() {
    return model != null ? model.taxonomyVersion() : taxonomy.version();
  }

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setTopics(classify(paper)).setTaxonomyVersion(version());
  }

  /**
   * The topics of {@code paper}: by the model when there is one (reading the paper's embedding),
   * else by the lexicon.
   */
  public List<String> classify(TokenizedPaper paper) {
    if (model == null) {
      return classify(paper.titleTokens(), paper.abstractTokens());
    }
    String embeddingModel = paper.embedder().modelId();
    if (!embeddingModel.equals(model.embeddingModel())) {
      throw new IllegalStateException(
          "topic model "
              + model.version()
              + " reads embeddings of "
              + model.embeddingModel()
              + ", not of "
              + embeddingModel);
    }
    return model.classify(
        paper.vector(), lexiconFeatures(paper.titleTokens(), paper.abstractTokens()));
  }

  /**
   * The lexicon's score of every topic, indexed like {@link Taxonomy#topics()}, then the score of
   * the out-of-scope terms (the rule of {@link Taxonomy}, before any threshold).
   */
  public double[] lexiconScores(Tokens title, Tokens abstractText) {
    return scores(lexicon.scan(title), lexicon.scan(abstractText));
  }

  /**
   * Topic ids in taxonomy order by the lexicon alone, or {@code ["other"]} when no topic reaches
   * the threshold.
   */
  public List<String> classify(Tokens title, Tokens abstractText) {
    List<Integer> hits = lexiconTopics(lexiconScores(title, abstractText));
    if (hits.isEmpty()) {
      return List.of(Taxonomy.OTHER);
    }
    List<String> out = new ArrayList<>(hits.size());
    for (int t : hits) {
      out.add(taxonomy.topics().get(t).id());
    }
    return out;
  }

  /**
   * The features of the paper for a {@link TopicModel}: {@code log(1 + score)} of every topic's
   * lexicon score, then of the out-of-scope score, then 1 for each topic the lexicon's own rule
   * gives and 0 for the others (so that the model can keep what the lexicon is sure of).
   */
  public double[] lexiconFeatures(Tokens title, Tokens abstractText) {
    double[] scores = lexiconScores(title, abstractText);
    double[] f = new double[2 * outOfScope + 1];
    for (int i = 0; i <= outOfScope; i++) {
      f[i] = Math.log1p(scores[i]);
    }
    for (int t : lexiconTopics(scores)) {
      f[outOfScope + 1 + t] = 1;
    }
    return f;
  }

  /** The indexes of the topics the lexicon's rule gives for {@code scores}, in taxonomy order. */
  private List<Integer> lexiconTopics(double[] scores) {
    List<Integer> hits = new ArrayList<>();
    double best = 0;
    for (int t = 0; t < outOfScope; t++) {
      if (scores[t] >= taxonomy.threshold()) {
        hits.add(t);
      }
      best = Math.max(best, scores[t]);
    }
    if (hits.isEmpty()
        || (scores[outOfScope] >= taxonomy.threshold() && scores[outOfScope] > best)) {
      return List.of();
    }
    double floor = best * taxonomy.relativeThreshold();
    for (int k = hits.size() - 1; k >= 0; k--) {
      if (scores[hits.get(k)] < floor) {
        hits.remove(k);
      }
    }
    if (hits.size() > taxonomy.maxTopics()) {
      hits.sort(Comparator.comparingDouble((Integer t) -> -scores[t]));
      hits = new ArrayList<>(hits.subList(0, taxonomy.maxTopics()));
      hits.sort(Comparator.naturalOrder());
    }
    return hits;
  }

  /**
   * The score of every topic, indexed like {@link Taxonomy#topics()}, then out of scope, from the
   * indexes of the terms found (one per occurrence; sorted in place).
   */
  private double[] scores(int[] inTitle, int[] inAbstract) {
    // Only the matched terms are touched: a paper matches a handful of the taxonomy's terms, so
    // per-term arrays of the whole taxonomy would cost more to allocate and scan than to match.
    int titleCount = inTitle.length;
    int abstractCount = inAbstract.length;
    Arrays.sort(inTitle);
    Arrays.sort(inAbstract);
    double[] scores = new double[outOfScope + 1];
    int a = 0;
    int b = 0;
    // terms in index order, as the sums below are floating point and must not change order
    while (a < titleCount || b < abstractCount) {
      int i =
          Math.min(
              a < titleCount ? inTitle[a] : Integer.MAX_VALUE,
              b < abstractCount ? inAbstract[b] : Integer.MAX_VALUE);
      boolean titled = false;
      while (a < titleCount && inTitle[a] == i) {
        titled = true;
        a++;
      }
      int occurrences = 0;
      while (b < abstractCount && inAbstract[b] == i) {
        occurrences++;
        b++;
      }
      Term term = terms[i];
      double s = term.weight() * Math.min(occurrences, taxonomy.maxOccurrences());
      if (titled) {
        s += term.weight() * taxonomy.titleWeight();
      }
      scores[term.topic()] += s;
    }
    return scores;
  }
}
