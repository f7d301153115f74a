package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Assigns taxonomy topics to a paper. Terms are precompiled into a {@link Lexicon} over stemmed
 * tokens, so classifying costs one pass over the title and abstract tokens.
 */
public final class TopicClassifier {
  private record Term(int topic, int termIndex, double weight) {}

  private final Taxonomy taxonomy;
  private final Lexicon lexicon = new Lexicon(); // the terms alone, for classify(Tokens, Tokens)
  private final Term[] terms;
  // per term: its stems, or its words as written when it is case-sensitive (then firstLowers)
  private final List<List<String>> termWords = new ArrayList<>();
  private final List<String> firstLowers = new ArrayList<>();
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
        all.add(term);
        termWords.add(exact ? tokens.originalList() : tokens.stemList());
        firstLowers.add(exact ? tokens.lower(0) : null);
      }
    }
    this.terms = all.toArray(Term[]::new);
    addTermsTo(lexicon);
  }

  /** Adds the taxonomy's terms to {@code shared}, reported by their term index. */
  void addTermsTo(Lexicon shared) {
    for (int i = 0; i < termWords.size(); i++) {
      if (firstLowers.get(i) != null) {
        shared.addExactTerm(termWords.get(i), firstLowers.get(i), i);
      } else {
        shared.addStemPhrase(termWords.get(i), i);
      }
    }
  }

  public Taxonomy taxonomy() {
    return taxonomy;
  }

  /** Topic ids in taxonomy order, or {@code ["other"]} when no topic reaches the threshold. */
  public List<String> classify(Tokens title, Tokens abstractText) {
    return classify(lexicon.scan(title, null), lexicon.scan(abstractText, null));
  }

  /** As {@link #classify(Tokens, Tokens)}, from scans of a lexicon holding {@link #addTermsTo}. */
  List<String> classify(Lexicon.Matches title, Lexicon.Matches abstractText) {
    double[] scores = scores(title, abstractText);
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

  /** The score of every topic, indexed like {@link Taxonomy#topics()}, then out of scope. */
  private double[] scores(Lexicon.Matches title, Lexicon.Matches abstractText) {
    // Only the matched terms are touched: a paper matches a handful of the taxonomy's terms, so
    // per-term arrays of the whole taxonomy would cost more to allocate and scan than to match.
    int[] inTitle = title.terms;
    int titleCount = title.termCount;
    int[] inAbstract = abstractText.terms;
    int abstractCount = abstractText.termCount;
    Arrays.sort(inTitle, 0, titleCount);
    Arrays.sort(inAbstract, 0, abstractCount);
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
