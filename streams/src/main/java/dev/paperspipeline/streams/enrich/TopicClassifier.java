package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Assigns taxonomy topics to a paper. Terms are precompiled into one {@link PhraseMatcher} over
 * stemmed tokens, so classifying costs one pass over the title and abstract tokens.
 */
public final class TopicClassifier {
  private record Term(int topic, int termIndex, double weight) {}

  private final Taxonomy taxonomy;
  private final PhraseMatcher<Term> matcher = new PhraseMatcher<>();
  private final int termCount;

  public TopicClassifier(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    int index = 0;
    for (int t = 0; t < taxonomy.topics().size(); t++) {
      for (var e : taxonomy.topics().get(t).terms().entrySet()) {
        List<String> words = Tokens.of(e.getKey()).stemList();
        matcher.add(words, new Term(t, index++, e.getValue()));
      }
    }
    this.termCount = index;
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Topic ids in taxonomy order, or {@code ["other"]} when no topic reaches the threshold. */
  public List<String> classify(Tokens title, Tokens abstractText) {
    double[] scores = scores(title, abstractText);
    List<Integer> hits = new ArrayList<>();
    for (int t = 0; t < scores.length; t++) {
      if (scores[t] >= taxonomy.threshold()) {
        hits.add(t);
      }
    }
    if (hits.isEmpty()) {
      return List.of(Taxonomy.OTHER);
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

  /** The score of every topic, indexed like {@link Taxonomy#topics()}. */
  double[] scores(Tokens title, Tokens abstractText) {
    double[] scores = new double[taxonomy.topics().size()];
    boolean[] inTitle = new boolean[termCount];
    int[] inAbstract = new int[termCount];
    Term[] byIndex = new Term[termCount];
    for (var m : matcher.findAll(title.stemList())) {
      inTitle[m.payload().termIndex()] = true;
      byIndex[m.payload().termIndex()] = m.payload();
    }
    for (var m : matcher.findAll(abstractText.stemList())) {
      inAbstract[m.payload().termIndex()]++;
      byIndex[m.payload().termIndex()] = m.payload();
    }
    for (Term term : byIndex) {
      if (term == null) {
        continue;
      }
      int i = term.termIndex();
      double s = term.weight() * Math.min(inAbstract[i], taxonomy.maxOccurrences());
      if (inTitle[i]) {
        s += term.weight() * taxonomy.titleWeight();
      }
      scores[term.topic()] += s;
    }
    return scores;
  }
}
