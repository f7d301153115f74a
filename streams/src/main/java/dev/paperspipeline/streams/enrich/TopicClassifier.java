package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Assigns taxonomy topics to a paper (fields {@code topics} and {@code taxonomyVersion}). Terms are
 * precompiled into a {@link Lexicon} over stemmed tokens, so classifying costs one pass over the
 * title and abstract tokens.
 */
public final class TopicClassifier implements Enrichment {
  private record Term(int topic, int termIndex, double weight) {}

  private final Taxonomy taxonomy;
  private final Lexicon lexicon = new Lexicon(); // reports each term by its index in terms
  private final Term[] terms;
  // the pseudo-topic of the out-of-scope terms, after the real topics
  private final int outOfScope;

  public TopicClassifier(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
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

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setTopics(classify(paper.titleTokens(), paper.abstractTokens()))
        .setTaxonomyVersion(taxonomy.version());
  }

  /** Topic ids in taxonomy order, or {@code ["other"]} when no topic reaches the threshold. */
  public List<String> classify(Tokens title, Tokens abstractText) {
    double[] scores = scores(lexicon.scan(title), lexicon.scan(abstractText));
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
      return List.of(Taxonomy.OTHER);
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
    List<String> out = new ArrayList<>(hits.size());
    for (int t : hits) {
      out.add(taxonomy.topics().get(t).id());
    }
    return out;
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
