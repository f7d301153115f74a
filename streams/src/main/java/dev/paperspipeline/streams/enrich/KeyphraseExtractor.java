package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.streams.enrich.model.TextEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyphrases (field {@code keyphrases}, at most {@value #MAX_KEYPHRASES}, best first) and the
 * paper's own name (field {@code paperName}), KeyBERT style with corpus statistics:
 *
 * <ol>
 *   <li><b>Candidates</b>: 1-4-word phrases not bounded by function words or verbs of the prose
 *       ({@link Stopwords}), never across punctuation, hyphenated compounds whole ({@link Units});
 *       numbers with units ("2.7×", "10x") are no words of a phrase. Variants fold to one key
 *       ({@link PhraseForms#key}); an acronym the abstract defines is one candidate with its long
 *       form; the paper's own name ({@link PaperNames}) is one too.
 *   <li><b>Cheap filter</b>: candidates are ranked by occurrences, title, position and length, and
 *       only the best {@link Params#pool()} are embedded (the model is the cost).
 *   <li><b>Ranking</b>: cosine similarity of the phrase's embedding to the paper's, plus small
 *       title and name features, minus a specificity penalty: {@code dfWeight × ramp × df / (N +
 *       10)} with {@code df} the papers of the corpus whose candidates held the phrase less two,
 *       {@code N} the papers counted and {@code ramp = min(1, N / 30)} (no penalty before the
 *       corpus has seen enough papers, so that early papers do not depend on a handful of others).
 *   <li><b>Selection</b>: the paper's own name first, then maximal marginal relevance ({@code
 *       lambda × score − (1 − lambda) × max similarity to the phrases already chosen}); a phrase
 *       whose words contain, or are contained in, a chosen one is skipped.
 * </ol>
 *
 * <p>The pool's keys are then counted into the corpus ({@link CorpusFrequencies}).
 */
public final class KeyphraseExtractor implements Enrichment {
  /** Keyphrases returned at most. */
  public static final int MAX_KEYPHRASES = 6;

  private static final int MAX_WORDS = 4;
  private static final double RAMP_PAPERS = 30;
  private static final double DF_SMOOTHING = 10;
  private static final long DF_FREE = 2;

  /**
   * The tunable parameters: {@code lambda} of MMR, the weight of the specificity penalty, the
   * number of candidates embedded.
   */
  public record Params(double lambda, double dfWeight, int pool) {
    /**
     * The defaults: lambda chosen by cross-validation (README, "Enrichment quality"); no corpus
     * penalty, since document frequencies read from the stream would make a paper's keyphrases
     * depend on the papers that arrived before it.
     */
    public static final Params DEFAULT = new Params(0.7, 0.0, 20);
  }

  /** What one extraction found. */
  public record Result(List<String> keyphrases, String paperName) {}

  private final Params params;

  /** An extractor with the default parameters. */
  public KeyphraseExtractor() {
    this(Params.DEFAULT);
  }

  /** An extractor with {@code params}. */
  public KeyphraseExtractor(Params params) {
    this.params = params;
  }

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    Result r = extract(paper);
    out.setKeyphrases(r.keyphrases());
    out.setPaperName(r.paperName());
  }

  private static final class Candidate {
    final String key;
    String display;
    String embedText;
    int occurrences;
    int firstPosition = Integer.MAX_VALUE; // in words: the title's come first
    boolean inTitle;
    int words;
    boolean name;
    boolean defined;
    boolean own;
    double pre;
    double score;
    float[] vector;

    Candidate(String key) {
      this.key = key;
    }
  }

  /** The keyphrases and the own name of {@code paper}; counts its candidates into its corpus. */
  public Result extract(TokenizedPaper paper) {
    Map<String, Candidate> candidates = new LinkedHashMap<>();
    List<Units.Unit> title = paper.titleUnits();
    List<Units.Unit> abstractUnits = paper.abstractUnits();
    collect(title, 0, true, candidates);
    collect(abstractUnits, title.size(), false, candidates);
    int totalWords = Math.max(1, title.size() + abstractUnits.size());

    PaperNames names = paper.names();
    String paperName = names.paperName();
    for (PaperNames.Acronym a : names.acronyms()) {
      mergeAcronym(a, paperName, candidates);
    }
    Candidate own = null;
    if (paperName != null) {
      String key = PhraseForms.key(paperName);
      if (!key.isEmpty()) {
        own = candidates.computeIfAbsent(key, Candidate::new);
        own.display = paperName;
        if (own.embedText == null) {
          own.embedText = paperName;
        }
        own.own = true;
        own.inTitle = true;
        own.occurrences = Math.max(1, own.occurrences);
        own.words = Math.max(1, own.words);
      }
    }

    // the cheap filter: no model, no corpus
    List<Candidate> all = new ArrayList<>();
    for (Candidate c : candidates.values()) {
      if (c.own || c.defined || !fragment(c, candidates.values())) {
        all.add(c);
      }
    }
    for (Candidate c : all) {
      double position = Math.min(1, (double) c.firstPosition / totalWords);
      c.pre =
          log2(1 + c.occurrences)
              + (c.inTitle ? 1.5 : 0)
              + (c.name ? 0.8 : 0)
              + (c.defined ? 1.5 : 0)
              + (c.own ? 10 : 0)
              + lengthPrior(c.words)
              + 0.5 * (1 - position);
    }
    all.sort(Comparator.comparingDouble((Candidate c) -> -c.pre).thenComparing(c -> c.key));
    List<Candidate> pool = new ArrayList<>(all.subList(0, Math.min(params.pool(), all.size())));
    if (pool.isEmpty()) {
      paper.corpus().add(paper.paperId(), List.of());
      return new Result(List.of(), paperName);
    }

    // specificity against the corpus, read before this paper is counted
    CorpusFrequencies corpus = paper.corpus();
    long n = corpus.papers();
    double ramp = Math.min(1, n / RAMP_PAPERS);
    List<String> texts = new ArrayList<>(pool.size());
    for (Candidate c : pool) {
      texts.add(c.embedText);
    }
    // without a model (unit tests of the candidates), the cheap score ranks alone
    boolean model = paper.hasEmbedder();
    List<float[]> vectors = model ? paper.phraseVectors(texts) : null;
    float[] doc = model ? paper.vector() : null;
    List<String> keys = new ArrayList<>(pool.size());
    for (int k = 0; k < pool.size(); k++) {
      Candidate c = pool.get(k);
      c.vector = model ? vectors.get(k) : null;
      // the first papers that share a phrase cost it nothing: a phrase is generic when many do
      double share =
          ramp == 0
              ? 0
              : Math.max(0, corpus.documentFrequency(c.key) - DF_FREE) / (n + DF_SMOOTHING);
      c.score =
          (model ? TextEmbedder.cosine(c.vector, doc) : c.pre / 10)
              + (c.inTitle ? 0.1 : 0)
              + (c.name || c.defined ? 0.05 : 0)
              + 0.03 * log2(c.occurrences)
              - params.dfWeight() * ramp * share;
      keys.add(c.key);
    }
    corpus.add(paper.paperId(), keys);

    List<Candidate> chosen = new ArrayList<>();
    if (own != null) {
      chosen.add(own);
    }
    List<Candidate> left = new ArrayList<>(pool);
    left.removeAll(chosen);
    double lambda = params.lambda();
    while (chosen.size() < MAX_KEYPHRASES && !left.isEmpty()) {
      Candidate best = null;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (Candidate c : left) {
        if (overlaps(c, chosen)) {
          continue;
        }
        double redundancy = 0;
        for (Candidate s : chosen) {
          if (!model) {
            break;
          }
          redundancy = Math.max(redundancy, TextEmbedder.cosine(c.vector, s.vector));
        }
        double value = lambda * c.score - (1 - lambda) * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = c;
        }
      }
      if (best == null) {
        break;
      }
      chosen.add(best);
      left.remove(best);
    }
    List<String> out = new ArrayList<>(chosen.size());
    for (Candidate c : chosen) {
      if (!out.contains(c.display)) {
        out.add(c.display);
      }
    }
    return new Result(List.copyOf(out), paperName);
  }

  /**
   * Whether {@code c} is no phrase of its own: it never occurs but inside one longer candidate
   * ("large language" of "large language model"), a single common word seen once, or an "X of Y"
   * seen once ("thousands of GPUs").
   */
  private static boolean fragment(Candidate c, Iterable<Candidate> all) {
    if (c.words == 1 && !c.name && !c.display.contains(" ") && c.occurrences < 2) {
      return true;
    }
    if (c.occurrences < 2 && c.key.contains(" of ")) {
      return true;
    }
    for (Candidate d : all) {
      if (d != c
          && !(d.occurrences < 2 && d.key.contains(" of "))
          && d.occurrences >= c.occurrences
          && (d.inTitle || !c.inTitle)
          && d.key.length() > c.key.length()
          && PhraseForms.containsWords(d.key, c.key)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the words of {@code c} contain, or are contained in, those of a chosen phrase. */
  private static boolean overlaps(Candidate c, List<Candidate> chosen) {
    for (Candidate s : chosen) {
      if (PhraseForms.containsWords(c.key, s.key) || PhraseForms.containsWords(s.key, c.key)) {
        return true;
      }
    }
    return false;
  }

  private static double lengthPrior(int words) {
    return switch (words) {
      case 1 -> 0;
      case 2 -> 0.6;
      case 3 -> 0.5;
      default -> 0.2;
    };
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /** The acronym and its long form become one candidate, displayed as the name or the concept. */
  private static void mergeAcronym(
      PaperNames.Acronym a, String paperName, Map<String, Candidate> candidates) {
    String shortKey = PhraseForms.key(a.shortForm());
    String longKey = PhraseForms.key(a.longForm());
    if (shortKey.isEmpty() || longKey.isEmpty()) {
      return;
    }
    Candidate s = candidates.remove(shortKey);
    Candidate l = candidates.remove(longKey);
    boolean name = a.name();
    if (paperName != null && PhraseForms.key(paperName).equals(shortKey)) {
      name = true;
    }
    String key = name ? shortKey : longKey;
    Candidate m = new Candidate(key);
    m.display = name ? a.shortForm() : display(a.longForm());
    m.embedText = a.longForm();
    m.defined = true;
    m.name = name;
    m.words = Math.max(2, a.longForm().split("[\\s-]+").length);
    for (Candidate c : new Candidate[] {s, l}) {
      if (c != null) {
        m.occurrences += c.occurrences;
        m.firstPosition = Math.min(m.firstPosition, c.firstPosition);
        m.inTitle |= c.inTitle;
      }
    }
    m.occurrences = Math.max(1, m.occurrences);
    if (name) {
      // the words of a name's long form are no phrases of their own ("column row sampling")
      candidates.values().removeIf(c -> PhraseForms.containsWords(longKey, c.key));
    }
    candidates.put(key, m);
  }

  /** The display of a concept given as text: lower case, hyphens as spaces, head noun singular. */
  private static String display(String text) {
    return display(Units.of(Tokens.of(text)), 0, Units.of(Tokens.of(text)).size());
  }

  /**
   * The display form of words {@code [from, to)}: names as written (an acronym's plural "s"
   * dropped), other words in lower case with hyphens as spaces, the head noun (the last word, or
   * the word before "of") singular. A pure function of the words, so variants display alike.
   */
  static String display(List<Units.Unit> units, int from, int to) {
    int head = to - 1;
    for (int k = from + 1; k < to - 1; k++) {
      if (units.get(k).lower().equals("of")) {
        head = k - 1;
        break;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int k = from; k < to; k++) {
      Units.Unit u = units.get(k);
      if (out.length() > 0) {
        out.append(' ');
      }
      if (u.name()) {
        String o = u.original();
        int n = o.length();
        boolean acronymPlural =
            k == head && n > 2 && o.charAt(n - 1) == 's' && Character.isUpperCase(o.charAt(n - 2));
        out.append(acronymPlural ? o.substring(0, n - 1) : o);
      } else {
        String w = u.lower().replace('-', ' ').replace('\u2010', ' ').replace('\u2011', ' ');
        if (k == head) {
          int space = w.lastIndexOf(' ');
          w = w.substring(0, space + 1) + PhraseForms.singular(w.substring(space + 1));
        }
        out.append(w);
      }
    }
    return out.toString();
  }

  private static boolean content(Units.Unit u) {
    if (u.quantity()) {
      return false;
    }
    String w = u.lower();
    if (!u.compound() && (Stopwords.isStopword(w) || Stopwords.isAdverb(w))) {
      return false;
    }
    return u.name() || w.length() >= 2;
  }

  /** A phrase does not end in a participle of the prose ("model trained"): -ed, not -eed. */
  private static boolean canEnd(Units.Unit u) {
    String w = u.lower();
    return u.name() || !(w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed"));
  }

  /** Adds the candidates of one text; {@code offset}: the position of its first word. */
  private static void collect(
      List<Units.Unit> units, int offset, boolean inTitle, Map<String, Candidate> out) {
    int n = units.size();
    for (int s = 0; s < n; s++) {
      Units.Unit first = units.get(s);
      // an adverb before a participle leads a term ("weakly supervised"), else it ends one
      boolean adverbLead =
          Stopwords.isAdverb(first.lower())
              && s + 1 < n
              && !units.get(s + 1).breakBefore()
              && units.get(s + 1).lower().endsWith("ed");
      if (!content(first) && !adverbLead) {
        continue;
      }
      int words = 0;
      boolean name = false;
      int ofs = 0;
      for (int e = s; e < n && words < MAX_WORDS; e++) {
        Units.Unit u = units.get(e);
        if (e > s && u.breakBefore()) {
          break;
        }
        if (!content(u) && !(e == s && adverbLead)) {
          if (e > s && u.lower().equals("of") && ofs++ == 0) {
            continue; // "mixture of experts", "chain of thought"
          }
          break;
        }
        if (e > s && !u.name() && !u.compound() && !(adverbLead && e == s + 1)) {
          String w = u.lower();
          String before = units.get(e - 1).lower();
          // a participle after the first word ("datastore named X") or a gerund after a plural
          // ("trade-offs undermining") is a verb of the prose
          if ((w.length() > 4 && w.endsWith("ed") && !w.endsWith("eed"))
              || (w.endsWith("ing") && before.endsWith("s") && !before.endsWith("ss"))) {
            break;
          }
        }
        words++;
        name |= u.name();
        if (!canEnd(u) || (words == 1 && !name && u.lower().length() < 3)) {
          continue;
        }
        if (words >= 3 && first.lower().endsWith("ing") && !first.name()) {
          break; // "elevating language model instruction": a gerund leads a clause
        }
        String display = display(units, s, e + 1);
        String key = PhraseForms.key(display);
        if (key.isEmpty()) {
          continue;
        }
        Candidate c = out.computeIfAbsent(key, Candidate::new);
        if (c.display == null) {
          c.display = display;
          c.embedText = display;
          c.words = words;
        }
        c.occurrences++;
        c.inTitle |= inTitle;
        c.name |= name;
        c.firstPosition = Math.min(c.firstPosition, offset + s);
      }
    }
  }
}
