package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * RAKE-style keyphrase extraction (field {@code keyphrases}; Rose et al., 2010): candidate phrases
 * are maximal runs of content words between stopwords and punctuation; each word scores
 * degree/frequency over the candidates; a phrase scores the sum of its words, boosted when it
 * recurs or occurs in the title. Statistical, so terms that no list knows yet surface too.
 */
public final class KeyphraseExtractor implements Enrichment {
  /** Keyphrases returned at most. */
  public static final int MAX_KEYPHRASES = 10;

  private static final int MAX_WORDS = 4;
  private static final double TITLE_BOOST = 1.5;

  // English function words plus the filler of abstracts ("we propose a novel approach").
  private static final Set<String> STOPWORD_LIST =
      Set.of(
          String.join(
                  " ",
                  "a about above across after again against all almost along also although always",
                  "among an and another any are around as at be because been before being below",
                  "between both but by can could did do does doing down due during each either",
                  "enough especially etc even ever every few for from further had has have having",
                  "he her here hers him his how however i if in into is it its itself just last",
                  "least less like made make makes many may might more most much must my namely",
                  "near need neither no nor not now of off often on once one only onto or other",
                  "others otherwise our ours out over own per perhaps rather same several she",
                  "should since so some such than that the their them then there therefore these",
                  "they this those though through thus to too toward towards under unlike until up",
                  "upon us use used uses using very via was we well were what when where whether",
                  "which while who whom whose why will with within without would yet you your",
                  "paper propose proposed proposes present presents presented introduce introduces",
                  "introduced show shows shown demonstrate demonstrates demonstrated novel new",
                  "existing recent recently achieve achieves achieved achieving significantly",
                  "significant extensive experiments experimental results result work works",
                  "approach approaches method methods based first second two three four different",
                  "various including include includes able remains remain provide provides state",
                  "art outperform outperforms performance effectively effective better best high",
                  "highly large small code available publicly release github https http www com e",
                  "g ie eg et al cannot specifically particular particularly furthermore moreover",
                  "additionally finally ability abilities leverage leverages leveraging enable",
                  "enables enabling improve improves improved improving strong challenge",
                  "challenges challenging task tasks study studies aim aims address given find",
                  "found thereby whereas")
              .split(" "));

  // Verbs of abstracts' prose, which end a keyphrase as stopwords do: without them the runs between
  // stopwords are clause fragments ("encouraging future research", "primary limitation stems").
  // Base forms; their -s, -ed and -ing forms are added. Verbs that are also names of techniques or
  // objects of ML ("train", "scale", "model", "pose", "boost", "search", "plan") are not here.
  private static final String[] VERBS = {
    "accelerate",
    "accomplish",
    "adapt",
    "adopt",
    "advance",
    "align",
    "alleviate",
    "allow",
    "analyse",
    "analyze",
    "appear",
    "apply",
    "argue",
    "assess",
    "assist",
    "attain",
    "attempt",
    "automate",
    "avoid",
    "become",
    "benefit",
    "bring",
    "capture",
    "categorize",
    "combine",
    "compare",
    "complicate",
    "comprise",
    "conduct",
    "configure",
    "confirm",
    "consider",
    "consist",
    "constitute",
    "contain",
    "contribute",
    "correspond",
    "cover",
    "create",
    "decouple",
    "decrease",
    "deliver",
    "democratize",
    "depend",
    "derive",
    "describe",
    "determine",
    "develop",
    "differ",
    "discover",
    "discuss",
    "distinguish",
    "elicit",
    "eliminate",
    "emerge",
    "emphasize",
    "employ",
    "encompass",
    "encounter",
    "encourage",
    "engender",
    "enhance",
    "ensure",
    "equip",
    "establish",
    "evaluate",
    "examine",
    "exceed",
    "excel",
    "exhibit",
    "expand",
    "explain",
    "exploit",
    "explore",
    "extend",
    "extract",
    "facilitate",
    "fail",
    "finetune",
    "fit",
    "fix",
    "flatten",
    "focus",
    "follow",
    "foster",
    "gain",
    "generalize",
    "generate",
    "govern",
    "grow",
    "guide",
    "hamper",
    "handle",
    "help",
    "highlight",
    "hinder",
    "hinge",
    "hold",
    "hypothesize",
    "identify",
    "illustrate",
    "implement",
    "imply",
    "incorporate",
    "increase",
    "indicate",
    "induce",
    "inform",
    "inject",
    "inspire",
    "integrate",
    "interpret",
    "intersect",
    "investigate",
    "involve",
    "lack",
    "lay",
    "lead",
    "lie",
    "lose",
    "maintain",
    "maximize",
    "minimize",
    "mitigate",
    "motivate",
    "navigate",
    "necessitate",
    "observe",
    "obtain",
    "occur",
    "offer",
    "operate",
    "optimize",
    "overcome",
    "pave",
    "perform",
    "persist",
    "play",
    "pose",
    "possess",
    "predict",
    "prioritize",
    "produce",
    "promote",
    "prove",
    "reach",
    "receive",
    "reduce",
    "reflect",
    "reformulate",
    "rely",
    "repeat",
    "represent",
    "require",
    "reveal",
    "revisit",
    "rival",
    "seek",
    "seem",
    "select",
    "serve",
    "shed",
    "signify",
    "simplify",
    "solve",
    "span",
    "spark",
    "strengthen",
    "struggle",
    "suffer",
    "suggest",
    "summarize",
    "support",
    "surpass",
    "sustain",
    "tackle",
    "take",
    "tend",
    "treat",
    "uncover",
    "unleash",
    "unlock",
    "utilize",
    "validate",
    "vary",
    "verify",
    "yield"
  };

  // Irregular forms, and words that are no head of a noun phrase ("ones", "later", "compared")
  private static final String[] OTHER_FILLER = {
    "already",
    "alone",
    "became",
    "brought",
    "compared",
    "depending",
    "drawn",
    "drew",
    "gave",
    "given",
    "gives",
    "grew",
    "grown",
    "harder",
    "held",
    "instead",
    "later",
    "led",
    "lies",
    "lost",
    "ones",
    "related",
    "required",
    "sought",
    "stems",
    "still",
    "taken",
    "together",
    "took",
    "yields"
  };

  // Nouns of ML among the generated forms, kept as content words
  private static final Set<String> NOT_FILLER =
      Set.of(
          "poses", "pose", "span", "spans", "gain", "gains", "support", "focus", "cover", "fit",
          "fix", "fixes", "align", "treat", "treats", "lay");

  // Words ending in -ly that are no adverbs
  private static final Set<String> NOT_ADVERBS =
      Set.of(
          "anomaly",
          "assembly",
          "family",
          "italy",
          "monopoly",
          "poly",
          "reply",
          "supply",
          "early",
          "daily",
          "weekly",
          "monthly",
          "yearly",
          "hourly",
          "friendly",
          "holy",
          "ally",
          "jelly",
          "belly",
          "bully",
          "rely",
          "apply",
          "fly",
          "butterfly",
          "only");

  private static final Set<String> FILLER = filler();

  private static Set<String> filler() {
    Set<String> out = new java.util.HashSet<>(Arrays.asList(OTHER_FILLER));
    for (String v : VERBS) {
      String stem = v.endsWith("e") ? v.substring(0, v.length() - 1) : v;
      boolean y =
          v.endsWith("y") && v.length() > 2 && "aeiou".indexOf(v.charAt(v.length() - 2)) < 0;
      String ys = y ? v.substring(0, v.length() - 1) + "ie" : v;
      out.add(v);
      out.add(v.endsWith("s") || v.endsWith("sh") || v.endsWith("ch") ? v + "es" : ys + "s");
      out.add((y ? ys : stem) + "ed");
      out.add(stem + "ing");
    }
    out.removeAll(NOT_FILLER);
    return Set.copyOf(out);
  }

  // The stopwords and the verbs that end a keyphrase as they do.
  private static final Lexicon STOPWORDS = new Lexicon();

  static {
    for (String w : STOPWORD_LIST) {
      STOPWORDS.addWord(w);
    }
    for (String w : FILLER) {
      STOPWORDS.addWord(w);
    }
  }

  /**
   * Keepwords: nouns with the suffix of a verb form or adverb ("learning", "supervised",
   * "anomaly"), looked up only for tokens with such a suffix (a holder, as it needs the lists
   * below).
   */
  private static final class Keep {
    static final Lexicon WORDS = new Lexicon();

    static {
      for (Set<String> keep :
          List.of(NOT_ADVERBS, NOUN_GERUNDS, NOUN_PARTICIPLES, NOT_PARTICIPLES)) {
        for (String w : keep) {
          WORDS.addWord(w);
        }
      }
    }

    static boolean has(Tokens t, int i) {
      return WORDS.matchesAt(t, i);
    }
  }

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setKeyphrases(extract(paper.titleTokens(), paper.abstractTokens()));
  }

  /** Up to {@link #MAX_KEYPHRASES} lower-case keyphrases of title and abstract, best first. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    boolean[] titleStopwords = STOPWORDS.marks(title);
    boolean[] abstractStopwords = STOPWORDS.marks(abstractText);
    markLinks(title, titleStopwords);
    markLinks(abstractText, abstractStopwords);
    Candidates titlePhrases = candidates(title, titleStopwords);
    Candidates abstractPhrases = candidates(abstractText, abstractStopwords);

    // frequency and degree of each distinct word, by a small id per word
    WordIds ids = new WordIds(titlePhrases.words + abstractPhrases.words);
    int[] freq = new int[titlePhrases.words + abstractPhrases.words];
    int[] degree = new int[freq.length];
    for (Candidates group : new Candidates[] {titlePhrases, abstractPhrases}) {
      Tokens t = group.tokens;
      group.ids = new int[t.size()];
      for (int p = 0; p < group.size; p++) {
        int from = group.starts[p];
        int to = group.ends[p];
        for (int i = from; i < to; i++) {
          int id = ids.of(t, i);
          group.ids[i] = id;
          freq[id]++;
          degree[id] += to - from;
        }
      }
    }

    // the distinct phrases, each scored at its first occurrence, as RAKE sums over its words
    Phrases phrases = new Phrases(titlePhrases.size + abstractPhrases.size);
    for (Candidates group : new Candidates[] {titlePhrases, abstractPhrases}) {
      boolean inTitle = group == titlePhrases;
      for (int p = 0; p < group.size; p++) {
        int d = phrases.of(group, p);
        if (phrases.occurrences[d]++ == 0) {
          double score = 0;
          for (int i = group.starts[p]; i < group.ends[p]; i++) {
            int id = group.ids[i];
            score += (double) degree[id] / freq[id];
          }
          phrases.scores[d] = score;
        }
        phrases.inTitle[d] |= inTitle;
      }
    }
    return phrases.best(MAX_KEYPHRASES);
  }

  /**
   * The distinct phrases of one extraction: phrases with the same words (by id) and the same
   * separators have the same text, so the text is built only for the few that are ranked.
   */
  private static final class Phrases {
    private final Candidates[] groups;
    private final int[] indexes; // phrase p of groups[d], the first occurrence of phrase d
    private final int[] hashes;
    // the first two chars of each phrase's text (its first word has two at least), packed: ties of
    // score are common, and most are decided by these without walking the texts
    private final int[] prefixes;
    final int[] occurrences;
    final double[] scores;
    final boolean[] inTitle;
    private final String[] texts;
    private final int[] table; // phrase + 1 by hash slot, 0 when free
    private final int mask;
    private int size;

    Phrases(int max) {
      groups = new Candidates[max];
      indexes = new int[max];
      hashes = new int[max];
      prefixes = new int[max];
      occurrences = new int[max];
      scores = new double[max];
      inTitle = new boolean[max];
      texts = new String[max];
      int capacity = Integer.highestOneBit(Math.max(8, max * 2 - 1)) << 1;
      table = new int[capacity];
      mask = capacity - 1;
    }

    /** The distinct phrase of phrase {@code p} of {@code group}, added when new. */
    int of(Candidates group, int p) {
      int h = 1;
      for (int i = group.starts[p]; i < group.ends[p]; i++) {
        h = 31 * (31 * h + group.ids[i]) + (i > group.starts[p] ? group.tokens.gapOrdinal(i) : 0);
      }
      int slot = (h ^ (h >>> 16)) & mask;
      for (int d; (d = table[slot] - 1) >= 0; slot = (slot + 1) & mask) {
        if (hashes[d] == h && sameWords(groups[d], indexes[d], group, p)) {
          return d;
        }
      }
      groups[size] = group;
      indexes[size] = p;
      hashes[size] = h;
      Tokens t = group.tokens;
      int first = group.starts[p];
      prefixes[size] = t.lowerCharAt(first, 0) << 16 | t.lowerCharAt(first, 1);
      table[slot] = size + 1;
      return size++;
    }

    private static boolean sameWords(Candidates a, int p, Candidates b, int q) {
      int length = a.ends[p] - a.starts[p];
      if (length != b.ends[q] - b.starts[q]) {
        return false;
      }
      for (int k = 0; k < length; k++) {
        int i = a.starts[p] + k;
        int j = b.starts[q] + k;
        if (a.ids[i] != b.ids[j]
            || (k > 0 && (a.tokens.gapOrdinal(i) == JOIN) != (b.tokens.gapOrdinal(j) == JOIN))) {
          return false;
        }
      }
      return true;
    }

    String text(int d) {
      if (texts[d] == null) {
        Candidates group = groups[d];
        Tokens t = group.tokens;
        int from = group.starts[indexes[d]];
        int to = group.ends[indexes[d]];
        // into an array of the exact length: a StringBuilder checks every char it is given for
        // Latin-1 and copies again in toString
        int length = to - from - 1;
        for (int i = from; i < to; i++) {
          length += t.lowerLength(i);
        }
        char[] text = new char[length];
        int at = 0;
        for (int i = from; i < to; i++) {
          if (i > from) {
            text[at++] = t.gapOrdinal(i) == JOIN ? '-' : ' ';
          }
          at = t.copyLower(i, text, at);
        }
        texts[d] = new String(text);
      }
      return texts[d];
    }

    double finalScore(int d) {
      // 1 + log2(occurrences): recurring phrases beat one-off long runs, which plain RAKE favours
      return scores[d] * occurrenceBoost(occurrences[d]) * (inTitle[d] ? TITLE_BOOST : 1);
    }

    /** The texts of the best {@code max} phrases: highest final score first, then by text. */
    List<String> best(int max) {
      double[] finalScores = new double[size];
      int[] top = new int[Math.min(max, size)];
      int count = 0;
      for (int d = 0; d < size; d++) {
        finalScores[d] = finalScore(d);
        if (count == top.length && !before(d, top[count - 1], finalScores)) {
          continue;
        }
        int at = count == top.length ? count - 1 : count++;
        while (at > 0 && before(d, top[at - 1], finalScores)) {
          top[at] = top[at - 1];
          at--;
        }
        top[at] = d;
      }
      List<String> out = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        out.add(text(top[k]));
      }
      return out;
    }

    private boolean before(int a, int b, double[] finalScores) {
      int c = Double.compare(finalScores[b], finalScores[a]);
      if (c == 0) {
        // Scores tie often (single words seen once): the texts are compared as String.compareTo
        // would, char by char over the tokens, without building them.
        c = Integer.compareUnsigned(prefixes[a], prefixes[b]);
        if (c == 0) {
          c = compareTexts(a, b);
        }
      }
      return c < 0;
    }

    /** The sign of {@code text(a).compareTo(text(b))}. */
    private int compareTexts(int a, int b) {
      Candidates ga = groups[a];
      Candidates gb = groups[b];
      Tokens ta = ga.tokens;
      Tokens tb = gb.tokens;
      int ia = ga.starts[indexes[a]];
      int endA = ga.ends[indexes[a]];
      int ib = gb.starts[indexes[b]];
      int endB = gb.ends[indexes[b]];
      int pa = 0; // position in the lower case of token ia; its length: the separator after it
      int pb = 0;
      int lengthA = ta.lowerLength(ia);
      int lengthB = tb.lowerLength(ib);
      while (true) {
        int ca;
        if (pa < lengthA) {
          ca = ta.lowerCharAt(ia, pa++);
        } else if (ia + 1 < endA) {
          ia++;
          ca = ta.gapOrdinal(ia) == JOIN ? '-' : ' ';
          pa = 0;
          lengthA = ta.lowerLength(ia);
        } else {
          ca = -1; // end of text(a)
        }
        int cb;
        if (pb < lengthB) {
          cb = tb.lowerCharAt(ib, pb++);
        } else if (ib + 1 < endB) {
          ib++;
          cb = tb.gapOrdinal(ib) == JOIN ? '-' : ' ';
          pb = 0;
          lengthB = tb.lowerLength(ib);
        } else {
          cb = -1;
        }
        if (ca != cb || ca < 0) {
          return Integer.compare(ca, cb);
        }
      }
    }
  }

  private static final double LN2 = Math.log(2);

  // 1 + log2(occurrences) of the common counts, computed once: Math.log for every distinct phrase
  // cost more than the rest of its score. Same expression, so the same doubles.
  private static final double[] OCCURRENCE_BOOSTS = new double[64];

  static {
    for (int k = 1; k < OCCURRENCE_BOOSTS.length; k++) {
      OCCURRENCE_BOOSTS[k] = 1 + Math.log(k) / LN2;
    }
  }

  private static double occurrenceBoost(int occurrences) {
    return occurrences < OCCURRENCE_BOOSTS.length
        ? OCCURRENCE_BOOSTS[occurrences]
        : 1 + Math.log(occurrences) / LN2;
  }

  private static final byte JOIN = (byte) Tokens.Gap.JOIN.ordinal();
  private static final byte BREAK = (byte) Tokens.Gap.BREAK.ordinal();

  /** Candidate phrases of one text as token ranges [starts[p], ends[p]). */
  private static final class Candidates {
    final Tokens tokens;
    int[] starts = new int[16];
    int[] ends = new int[16];
    int size;
    int words; // tokens in all candidates
    int[] ids; // word id of each token in a candidate

    Candidates(Tokens tokens) {
      this.tokens = tokens;
    }

    void add(int start, int end) {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
      starts[size] = start;
      ends[size] = end;
      size++;
      words += end - start;
    }
  }

  /**
   * Dense ids of the distinct lower-case words of one extraction, keyed by token: an
   * open-addressing table without entry objects or a String per word.
   */
  private static final class WordIds {
    private final Tokens[] keyTokens;
    private final int[] keyIndexes;
    private final int[] values;
    private final int mask;
    private int next;

    WordIds(int maxWords) {
      int capacity = Integer.highestOneBit(Math.max(8, maxWords * 2 - 1)) << 1;
      keyTokens = new Tokens[capacity];
      keyIndexes = new int[capacity];
      values = new int[capacity];
      mask = capacity - 1;
    }

    int of(Tokens t, int i) {
      int h = t.hashes(Tokens.Form.LOWER)[i];
      int slot = (h ^ (h >>> 16)) & mask;
      while (true) {
        Tokens k = keyTokens[slot];
        if (k == null) {
          keyTokens[slot] = t;
          keyIndexes[slot] = i;
          values[slot] = next;
          return next++;
        }
        if (t.sameLower(i, k, keyIndexes[slot])) {
          return values[slot];
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /**
   * Candidate phrases: maximal runs of content words not crossing stopwords or punctuation, longer
   * runs than {@value #MAX_WORDS} words are dropped.
   */
  /**
   * Marks the tokens of links as stopwords: a whitespace-separated word holding "://", "www." or a
   * host with a path ("github.com/x") names no concept ("om-ai-lab" of a GitHub link).
   */
  private static void markLinks(Tokens t, boolean[] stopword) {
    String text = t.text();
    int n = text.length();
    int i = 0;
    for (int hit = nextLinkMark(text, 0); hit >= 0; ) {
      int wordStart = hit;
      while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
        wordStart--;
      }
      int wordEnd = hit;
      while (wordEnd < n && !Character.isWhitespace(text.charAt(wordEnd))) {
        wordEnd++;
      }
      while (i < t.size() && t.start(i) < wordStart) {
        i++;
      }
      while (i < t.size() && t.start(i) < wordEnd) {
        stopword[i++] = true;
      }
      hit = nextLinkMark(text, wordEnd);
    }
  }

  /** The first position at or after {@code from} of "://", "www." or "host.tld/", or -1. */
  private static int nextLinkMark(String text, int from) {
    int scheme = text.indexOf("://", from);
    int www = text.indexOf("www.", from);
    int first = scheme < 0 ? www : www < 0 ? scheme : Math.min(scheme, www);
    for (int slash = text.indexOf('/', from);
        slash >= 0 && (first < 0 || slash < first);
        slash = text.indexOf('/', slash + 1)) {
      int k = slash - 1;
      while (k > from && Character.isLetter(text.charAt(k))) {
        k--;
      }
      if (k > from
          && k < slash - 1
          && text.charAt(k) == '.'
          && Character.isLetter(text.charAt(k - 1))) {
        return slash;
      }
    }
    return first;
  }

  private static Candidates candidates(Tokens t, boolean[] stopword) {
    Candidates out = new Candidates(t);
    int runStart = -1;
    boolean skippedCompound = false; // in a compound led by a stopword ("large-scale", "few-shot")
    for (int i = 0; i < t.size(); i++) {
      byte gap = t.gapOrdinal(i);
      if (gap == JOIN && !t.tight(i)) {
        gap = BREAK; // a dash between words ("exponents --- the") or a quote ("models' ability")
      }
      if (gap == JOIN
          && t.lowerLength(i) == 1
          && t.lowerCharAt(i, 0) == 's'
          && t.afterApostrophe(i)) {
        // a possessive 's ends the phrase and is no word of it ("the model's knowledge")
        if (runStart >= 0) {
          flush(t, stopword, runStart, i, out);
          runStart = -1;
        }
        skippedCompound = false;
        continue;
      }
      boolean content;
      if (gap == JOIN && runStart >= 0) {
        content = true; // inside a compound ("text-to-image") even a stopword belongs to it
      } else if (gap == JOIN && skippedCompound) {
        content = false; // "quality" of "high-quality" is no phrase of its own
      } else {
        content =
            isContent(t, i, stopword[i])
                && (runStart >= 0 || !((gerund(t, i) || participle(t, i)) && !Keep.has(t, i)));
      }
      if (runStart >= 0 && (gap == BREAK || !content)) {
        flush(t, stopword, runStart, i, out);
        runStart = -1;
      }
      if (content && runStart < 0) {
        runStart = i;
      }
      skippedCompound = runStart < 0;
    }
    if (runStart >= 0) {
      flush(t, stopword, runStart, t.size(), out);
    }
    return out;
  }

  private static void flush(Tokens t, boolean[] stopword, int start, int end, Candidates out) {
    // a compound does not end in a stopword, nor a phrase in a participle ("model trained")
    while (end - start > 1
        && t.gapOrdinal(end - 1) == JOIN
        && (stopword[end - 1] || t.lowerLength(end - 1) < 2)) {
      end--;
    }
    while (end - start > 1
        && t.gapOrdinal(end - 1) != JOIN
        && participle(t, end - 1)
        && !notParticiple(t, end - 1)) {
      end--;
    }
    if (end - start <= MAX_WORDS) {
      out.add(start, end);
    }
  }

  /**
   * Whether token {@code i} ends in -ed (a participle of the prose unless it is a keepword: "model
   * trained", "collected dataset", not "supervised learning").
   */
  private static boolean participle(Tokens t, int i) {
    int length = t.lowerLength(i);
    return length > 4 && t.lowerCharAt(i, length - 1) == 'd' && t.lowerCharAt(i, length - 2) == 'e';
  }

  /**
   * Whether token {@code i} ends in -ing (a gerund that takes an object, "performing affordance
   * grounding", unless it is a keepword: "learning rate").
   */
  private static boolean gerund(Tokens t, int i) {
    int length = t.lowerLength(i);
    return length > 5
        && t.lowerCharAt(i, length - 1) == 'g'
        && t.lowerCharAt(i, length - 2) == 'n'
        && t.lowerCharAt(i, length - 3) == 'i';
  }

  // keepwords: -ed words that name a kind of model, data or method
  private static final Set<String> NOUN_PARTICIPLES =
      Set.of(
          String.join(
                  " ",
                  "supervised unsupervised embedded distributed federated structured unstructured",
                  "labeled unlabeled labelled unlabelled masked augmented pretrained quantized",
                  "compressed conditioned guided learned shared mixed gated weighted balanced",
                  "imbalanced advanced automated detailed limited connected grounded simulated",
                  "synthesized annotated curated tokenized normalized randomized generated",
                  "aligned finetuned tuned reinforced constrained parameterized decentralized",
                  "centralized specialized personalized localized layered nested directed",
                  "undirected signed unsigned sized typed timed fixed estimated expected",
                  "accelerated optimized integrated unified extended enhanced improved",
                  "interleaved sparsified distilled pruned merged stacked")
              .split(" "));

  /** Whether token {@code i} is one of {@link #NOT_PARTICIPLES}, without a String per token. */
  private static boolean notParticiple(Tokens t, int i) {
    for (String w : NOT_PARTICIPLE_WORDS) {
      if (t.lowerLength(i) == w.length() && t.lowerIs(i, w, w.toCharArray())) {
        return true;
      }
    }
    return false;
  }

  private static final Set<String> NOT_PARTICIPLES =
      Set.of("embed", "speed", "breed", "proceed", "exceed", "succeed", "hundred", "kindred");

  private static final String[] NOT_PARTICIPLE_WORDS =
      NOT_PARTICIPLES.stream().sorted().toArray(String[]::new);

  // -ing words that name a technique, task or thing, kept at the start of a phrase
  private static final Set<String> NOUN_GERUNDS =
      Set.of(
          String.join(
                  " ",
                  "learning training reasoning scaling modeling modelling computing planning",
                  "programming engineering pretraining prompting ranking reranking sampling",
                  "clustering matching tracking forecasting embedding encoding decoding editing",
                  "grounding captioning tuning finetuning pruning parsing filtering hashing",
                  "caching pooling routing masking boosting bagging smoothing labeling labelling",
                  "mining streaming rendering inpainting outpainting painting imaging sensing",
                  "driving testing debugging coding writing reading speaking hearing thinking",
                  "understanding string spring offspring nothing something everything anything",
                  "morning evening building meaning setting spelling sibling clothing housing",
                  "funding hosting serving shipping shopping marketing banking manufacturing",
                  "accounting nursing pricing tutoring crowdsourcing benchmarking bootstrapping",
                  "batching padding chunking indexing scheduling partitioning sharding",
                  "checkpointing logging monitoring profiling pipelining prefetching denoising",
                  "upsampling downsampling oversampling undersampling resampling subsampling",
                  "multitasking warping morphing shading lighting relighting texturing meshing",
                  "rigging skinning grasping walking dancing singing handwriting typing tagging",
                  "gating thresholding binning bucketing shuffling stacking merging ensembling",
                  "steering jailbreaking watermarking fingerprinting unlearning forgetting",
                  "answering following recommending retrieving opening")
              .split(" "));

  private static boolean isContent(Tokens t, int i, boolean stopword) {
    int length = t.lowerLength(i);
    if (length < 2 || stopword) {
      return false;
    }
    if (length > 4
        && t.lowerCharAt(i, length - 1) == 'y'
        && t.lowerCharAt(i, length - 2) == 'l'
        && !Keep.has(t, i)) {
      return false; // an adverb ("gains typically flatten") makes a clause, not a term
    }
    return !t.lowerIsAllDigits(i); // pure numbers are not keyphrases
  }
}
