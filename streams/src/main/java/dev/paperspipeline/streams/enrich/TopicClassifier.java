package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.Arrays;
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
  private final Term[] terms;

  public TopicClassifier(Taxonomy taxonomy) {
    this.taxonomy = taxonomy;
    List<Term> all = new ArrayList<>();
    for (int t = 0; t < taxonomy.topics().size(); t++) {
      for (var e : taxonomy.topics().get(t).terms().entrySet()) {
        List<String> words = Tokens.of(e.getKey()).stemList();
        Term term = new Term(t, all.size(), e.getValue());
        all.add(term);
        matcher.add(words, term);
      }
    }
    this.terms = all.toArray(Term[]::new);
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
    // Only the matched terms are touched: a paper matches a handful of the taxonomy's terms, so
    // per-term arrays of the whole taxonomy would cost more to allocate and scan than to match.
    TermIndices inTitle = new TermIndices();
    TermIndices inAbstract = new TermIndices();
    matcher.forEach(title, Tokens.Form.STEM, inTitle);
    matcher.forEach(abstractText, Tokens.Form.STEM, inAbstract);
    inTitle.sort();
    inAbstract.sort();
    double[] scores = new double[taxonomy.topics().size()];
    int a = 0;
    int b = 0;
    // terms in index order, as the sums below are floating point and must not change order
    while (a < inTitle.size || b < inAbstract.size) {
      int i =
          Math.min(
              a < inTitle.size ? inTitle.values[a] : Integer.MAX_VALUE,
              b < inAbstract.size ? inAbstract.values[b] : Integer.MAX_VALUE);
      boolean titled = false;
      while (a < inTitle.size && inTitle.values[a] == i) {
        titled = true;
        a++;
      }
      int occurrences = 0;
      while (b < inAbstract.size && inAbstract.values[b] == i) {
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

  /** The term index of every match, in a growable int array. */
  private static final class TermIndices implements PhraseMatcher.Hits<Term> {
    int[] values = new int[16];
    int size;

    @Override
    public void hit(Term term, int start, int length) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = term.termIndex();
    }

    void sort() {
      Arrays.sort(values, 0, size);
    }
  }
}
