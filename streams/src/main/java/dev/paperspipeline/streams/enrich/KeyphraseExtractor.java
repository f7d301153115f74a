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
 * paper's own name (field {@code paperName}), KeyBERT style with a trained ranker:
 *
 * <ol>
 *   <li><b>Candidates</b>: 1-4-word phrases not bounded by function words or verbs of the prose
 *       ({@link Stopwords}), never across punctuation, hyphenated compounds whole ({@link Units});
 *       numbers with units ("2.7×", "10x") are no words of a phrase. Variants fold to one key
 *       ({@link PhraseForms#key}); an acronym the abstract defines is one candidate with its long
 *       form; the paper's own name ({@link PaperNames}) is one too.
 *   <li><b>Cheap filter</b>: candidates are ranked by occurrences, title, position and length, and
 *       only the best {@value #POOL} are embedded (the model is the cost).
 *   <li><b>Ranking</b>: a logistic regression ({@link KeyphraseRanker}, trained on labelled papers)
 *       over the features {@link #FEATURES}: cosine similarity of the phrase's embedding to the
 *       paper's, to the other candidates and to a fixed generic centroid (specificity), title,
 *       position, occurrences, length, names, and the shape of the phrase's boundaries (a phrase
 *       that ends in an adjective or a gerund is a fragment more often than a concept).
 *   <li><b>Selection</b>: the paper's own name first, then maximal marginal relevance ({@code
 *       lambda × probability − (1 − lambda) × max similarity to the phrases already chosen}); a
 *       phrase whose words contain, or are contained in, a chosen one is skipped, and so is one
 *       that shares its head and all but one of its words with a chosen one.
 * </ol>
 *
 * <p>A paper's keyphrases are a function of its text alone (no corpus read from the stream), so
 * they do not depend on the order papers arrive in.
 */
public final class KeyphraseExtractor implements Enrichment {
  /** Keyphrases returned at most. */
  public static final int MAX_KEYPHRASES = 6;

  /** Candidates embedded and ranked per paper at most. */
  public static final int POOL = 20;

  private static final int MAX_WORDS = 4;

  /**
   * The features of a candidate, in the order of {@link KeyphraseRanker#weights()}: those the
   * extractor computes ({@link Pooled#features()}), then the two {@link KeyphraseRanker#features}
   * adds from its centroid.
   */
  public static final List<String> FEATURES =
      List.of(
          "cosPaper",
          "inTitle",
          "logOccurrences",
          "early",
          "oneWord",
          "twoWords",
          "threeWords",
          "fourWords",
          "name",
          "defined",
          "own",
          "insideLonger",
          "holdsShorter",
          "endsIng",
          "startsIng",
          "endsAdjective",
          "endsEd",
          "centrality",
          "digit",
          "rightOpen",
          "leftOpen",
          "cosGeneric",
          "specificity");

  private static final int IN_TITLE = FEATURES.indexOf("inTitle");
  private static final int NAME = FEATURES.indexOf("name");
  private static final int DEFINED = FEATURES.indexOf("defined");

  /** What one extraction found. */
  public record Result(List<String> keyphrases, String paperName) {}

  /**
   * One embedded candidate of a paper, as the ranker reads it.
   *
   * @param key the folded key ({@link PhraseForms#key})
   * @param display the keyphrase as given
   * @param embedText the text embedded for it (an acronym's long form)
   * @param own whether it is the paper's own name
   * @param vector its embedding
   * @param features its features but the centroid's ({@link #FEATURES} less the last two)
   */
  record Pooled(
      String key,
      String display,
      String embedText,
      boolean own,
      float[] vector,
      double[] features) {}

  private final KeyphraseRanker ranker;

  /** An extractor with the default ranker ({@link KeyphraseRanker#loadDefault()}). */
  public KeyphraseExtractor() {
    this(KeyphraseRanker.loadDefault());
  }

  /** An extractor ranking with {@code ranker}. */
  public KeyphraseExtractor(KeyphraseRanker ranker) {
    this.ranker = ranker;
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
    int rightOpen; // occurrences followed by a word that could continue the phrase
    int leftOpen; // occurrences preceded by one
    double pre;

    Candidate(String key) {
      this.key = key;
    }
  }

  /** The keyphrases and the own name of {@code paper}. */
  public Result extract(TokenizedPaper paper) {
    String paperName = paper.names().paperName();
    List<Pooled> pool = pool(paper, ranker);
    double[] scores = new double[pool.size()];
    boolean model = paper.hasEmbedder();
    for (int k = 0; k < pool.size(); k++) {
      Pooled c = pool.get(k);
      // without a model (unit tests of the candidates), the cheap order ranks alone
      scores[k] =
          model
              ? ranker.probability(
                  KeyphraseRanker.features(c.features(), c.vector(), ranker.centroid()))
              : -k;
    }
    List<String> out = new ArrayList<>();
    for (int k : select(pool, scores, ranker.lambda())) {
      String d = pool.get(k).display();
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    return new Result(List.copyOf(out), paperName);
  }

  /**
   * The indices of the keyphrases chosen from {@code pool} with {@code scores}, best first: the own
   * name, then MMR with {@code lambda}, skipping phrases redundant with a chosen one.
   */
  static List<Integer> select(List<Pooled> pool, double[] scores, double lambda) {
    List<Integer> chosen = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    for (int k = 0; k < pool.size(); k++) {
      if (pool.get(k).own() && chosen.isEmpty()) {
        chosen.add(k);
      } else {
        left.add(k);
      }
    }
    {
      // A name the title gives is most likely the paper's own, or part of it, even when the own
      // name was recognised in another form (a long form, a different span). The ranker, trained on
      // reference keyphrases, which rarely list names, would otherwise drop it.
      int best = -1;
      for (int k : left) {
        double[] x = pool.get(k).features();
        boolean titleName =
            x[IN_TITLE] > 0
                && (x[NAME] > 0 || x[DEFINED] > 0)
                && (chosen.isEmpty()
                    || !redundant(pool.get(k).key(), pool.get(chosen.get(0)).key()));
        if (titleName && (best < 0 || scores[k] > scores[best])) {
          best = k;
        }
      }
      if (best >= 0) {
        chosen.add(best);
        left.remove(Integer.valueOf(best));
      }
    }
    while (chosen.size() < MAX_KEYPHRASES && !left.isEmpty()) {
      int best = -1;
      double bestValue = Double.NEGATIVE_INFINITY;
      for (int k : left) {
        Pooled c = pool.get(k);
        double redundancy = 0;
        boolean skip = false;
        for (int s : chosen) {
          Pooled p = pool.get(s);
          if (redundant(c.key(), p.key())) {
            skip = true;
            break;
          }
          if (c.vector() != null) {
            redundancy = Math.max(redundancy, TextEmbedder.cosine(c.vector(), p.vector()));
          }
        }
        if (skip) {
          continue;
        }
        double value = lambda * scores[k] - (1 - lambda) * redundancy;
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      chosen.add(best);
      left.remove(Integer.valueOf(best));
    }
    return chosen;
  }

  /**
   * Whether keys {@code a} and {@code b} say the same: one holds the other's words, or both have
   * three words or more, the same head (last word) and differ in one word of the shorter at most
   * ("text to image generative model", "text to image diffusion model").
   */
  static boolean redundant(String a, String b) {
    if (PhraseForms.containsWords(a, b) || PhraseForms.containsWords(b, a)) {
      return true;
    }
    String[] x = a.split(" ");
    String[] y = b.split(" ");
    if (x.length < 3 || y.length < 3 || !x[x.length - 1].equals(y[y.length - 1])) {
      return false;
    }
    String[] shorter = x.length <= y.length ? x : y;
    List<String> longer = List.of(x.length <= y.length ? y : x);
    int shared = 0;
    for (String w : shorter) {
      if (longer.contains(w)) {
        shared++;
      }
    }
    return shared >= shorter.length - 1;
  }

  /**
   * The candidates of {@code paper} that the cheap filter keeps: the {@value #POOL} best by {@code
   * ranker}'s pool model (no embedding needed; the own name always), embedded (one batch, cached)
   * when the paper has a model, with their features.
   */
  static List<Pooled> pool(TokenizedPaper paper, KeyphraseRanker ranker) {
    List<Pooled> all = candidates(paper);
    List<Integer> kept = poolIndices(all, ranker.poolWeights(), ranker.poolBias());
    List<Pooled> chosen = new ArrayList<>(kept.size());
    for (int k : kept) {
      chosen.add(all.get(k));
    }
    return paper.hasEmbedder() ? embed(paper, chosen) : chosen;
  }

  /**
   * The indices in {@code all} of the {@value #POOL} candidates with the best cheap score ({@code
   * poolWeights · features + poolBias}, over the features that need no embedding), the own name
   * first; ties in the order of {@code all}.
   */
  static List<Integer> poolIndices(List<Pooled> all, double[] poolWeights, double poolBias) {
    double[] cheap = new double[all.size()];
    List<Integer> order = new ArrayList<>(all.size());
    for (int k = 0; k < all.size(); k++) {
      double z = poolBias;
      double[] x = all.get(k).features();
      for (int j = 0; j < poolWeights.length; j++) {
        z += poolWeights[j] * x[j];
      }
      cheap[k] = all.get(k).own() ? Double.POSITIVE_INFINITY : z;
      order.add(k);
    }
    order.sort(Comparator.comparingDouble((Integer k) -> -cheap[k]));
    return List.copyOf(order.subList(0, Math.min(POOL, order.size())));
  }

  /**
   * {@code chosen} embedded: each with its vector and the features that read it (similarity to the
   * paper, centrality among {@code chosen}); new records, {@code chosen} is left as it is.
   */
  static List<Pooled> embed(TokenizedPaper paper, List<Pooled> chosen) {
    if (chosen.isEmpty()) {
      return List.of();
    }
    List<String> texts = new ArrayList<>(chosen.size());
    for (Pooled c : chosen) {
      texts.add(c.embedText());
    }
    List<float[]> vectors = paper.phraseVectors(texts);
    float[] doc = paper.vector();
    List<Pooled> out = new ArrayList<>(chosen.size());
    for (int k = 0; k < chosen.size(); k++) {
      Pooled c = chosen.get(k);
      double[] x = c.features().clone();
      x[0] = TextEmbedder.cosine(vectors.get(k), doc);
      double sum = 0;
      for (int m = 0; m < chosen.size(); m++) {
        if (m != k) {
          sum += TextEmbedder.cosine(vectors.get(k), vectors.get(m));
        }
      }
      x[17] = chosen.size() > 1 ? sum / (chosen.size() - 1) : 0;
      out.add(new Pooled(c.key(), c.display(), c.embedText(), c.own(), vectors.get(k), x));
    }
    return out;
  }

  /**
   * Every candidate of {@code paper} that is no fragment of a longer one, with the features that
   * need no embedding (those that do are 0), in a fixed order (a heuristic score, then the key).
   */
  static List<Pooled> candidates(TokenizedPaper paper) {
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
    if (paperName != null) {
      String key = PhraseForms.key(paperName);
      if (!key.isEmpty()) {
        Candidate own = candidates.computeIfAbsent(key, Candidate::new);
        own.display = paperName;
        if (own.embedText == null) {
          own.embedText = paperName;
        }
        own.own = true;
        own.inTitle = true;
        own.occurrences = Math.max(1, own.occurrences);
        own.words = Math.max(1, own.words);
        own.firstPosition = Math.min(own.firstPosition, 0);
      }
    }

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
    List<Pooled> out = new ArrayList<>(all.size());
    for (Candidate c : all) {
      double[] x = new double[FEATURES.size() - 2];
      double position = Math.min(1, (double) c.firstPosition / totalWords);
      String[] words = c.key.split(" ");
      String first = words[0];
      String last = words[words.length - 1];
      boolean plain = !c.name && !c.own && !c.defined;
      x[1] = c.inTitle ? 1 : 0;
      x[2] = log2(1 + c.occurrences);
      x[3] = 1 - position;
      x[4] = c.words == 1 ? 1 : 0;
      x[5] = c.words == 2 ? 1 : 0;
      x[6] = c.words == 3 ? 1 : 0;
      x[7] = c.words >= 4 ? 1 : 0;
      x[8] = c.name ? 1 : 0;
      x[9] = c.defined ? 1 : 0;
      x[10] = c.own ? 1 : 0;
      for (Candidate d : all) {
        if (d != c && PhraseForms.containsWords(d.key, c.key)) {
          x[11] = 1;
        }
        if (d != c && PhraseForms.containsWords(c.key, d.key)) {
          x[12] = 1;
        }
      }
      x[13] = plain && gerund(last) ? 1 : 0;
      x[14] = plain && gerund(first) ? 1 : 0;
      x[15] = plain && adjective(last) ? 1 : 0;
      x[16] = plain && last.length() > 4 && last.endsWith("ed") ? 1 : 0;
      x[18] = c.key.chars().anyMatch(Character::isDigit) ? 1 : 0;
      // a phrase cut out of a longer run of content words is a fragment more often
      x[19] = (double) c.rightOpen / Math.max(1, c.occurrences);
      x[20] = (double) c.leftOpen / Math.max(1, c.occurrences);
      out.add(new Pooled(c.key, c.display, c.embedText, c.own, null, x));
    }
    return out;
  }

  private static boolean gerund(String w) {
    return w.length() > 5 && w.endsWith("ing");
  }

  /** An adjective by its suffix ("generative", "neural"; "robust" is none: a weak feature). */
  private static final java.util.regex.Pattern ADJECTIVE =
      java.util.regex.Pattern.compile(".{2,}(ive|al|ous|able|ible|ful|less|ary|ic)");

  private static boolean adjective(String w) {
    return ADJECTIVE.matcher(w).matches();
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
        if (e + 1 < n && !units.get(e + 1).breakBefore() && content(units.get(e + 1))) {
          c.rightOpen++;
        }
        if (s > 0 && !first.breakBefore() && content(units.get(s - 1))) {
          c.leftOpen++;
        }
        c.inTitle |= inTitle;
        c.name |= name;
        c.firstPosition = Math.min(c.firstPosition, offset + s);
      }
    }
  }
}
