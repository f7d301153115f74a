package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RAKE-style keyphrase extraction (Rose et al., 2010): candidate phrases are maximal runs of
 * content words between stopwords and punctuation; each word scores degree/frequency over the
 * candidates; a phrase scores the sum of its words, boosted when it recurs or occurs in the title.
 * Statistical, so terms that no list knows yet surface too.
 */
public final class KeyphraseExtractor {
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

  // STOPWORD_LIST as a table probed with the hashes of the tokens (see PhraseMatcher).
  private static final PhraseMatcher<Boolean> STOPWORDS = new PhraseMatcher<>();

  static {
    for (String w : STOPWORD_LIST) {
      STOPWORDS.add(List.of(w), Boolean.TRUE);
    }
  }

  /** Up to {@link #MAX_KEYPHRASES} lower-case keyphrases of title and abstract, best first. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    Candidates titlePhrases = candidates(title);
    Candidates abstractPhrases = candidates(abstractText);

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

    // phrase -> {RAKE score, in title (0/1), occurrences}
    Map<String, double[]> scored = new HashMap<>(2 * (titlePhrases.size + abstractPhrases.size));
    StringBuilder text = new StringBuilder(64);
    for (Candidates group : new Candidates[] {titlePhrases, abstractPhrases}) {
      boolean inTitle = group == titlePhrases;
      Tokens t = group.tokens;
      for (int p = 0; p < group.size; p++) {
        int from = group.starts[p];
        int to = group.ends[p];
        text.setLength(0);
        double score = 0;
        for (int i = from; i < to; i++) {
          if (i > from) {
            text.append(t.gapOrdinal(i) == JOIN ? '-' : ' ');
          }
          t.appendLower(i, text);
          int id = group.ids[i];
          score += (double) degree[id] / freq[id];
        }
        String phrase = text.toString();
        double[] s = scored.get(phrase);
        if (s == null) {
          scored.put(phrase, new double[] {score, inTitle ? 1 : 0, 1});
        } else {
          s[2]++;
          if (inTitle) {
            s[1] = 1;
          }
        }
      }
    }
    // score each phrase once, then keep the best MAX_KEYPHRASES
    List<Ranked> ranked = new ArrayList<>(scored.size());
    for (var e : scored.entrySet()) {
      ranked.add(new Ranked(e.getKey(), finalScore(e.getValue())));
    }
    ranked.sort(
        (a, b) -> {
          int c = Double.compare(b.score(), a.score());
          return c != 0 ? c : a.phrase().compareTo(b.phrase());
        });
    List<String> out = new ArrayList<>(Math.min(MAX_KEYPHRASES, ranked.size()));
    for (int i = 0; i < ranked.size() && i < MAX_KEYPHRASES; i++) {
      out.add(ranked.get(i).phrase());
    }
    return out;
  }

  private record Ranked(String phrase, double score) {}

  private static final double LN2 = Math.log(2);

  private static final byte JOIN = (byte) Tokens.Gap.JOIN.ordinal();
  private static final byte BREAK = (byte) Tokens.Gap.BREAK.ordinal();

  private static double finalScore(double[] s) {
    // 1 + log2(occurrences): recurring phrases beat one-off long runs, which plain RAKE favours
    return s[0] * (1 + Math.log(s[2]) / LN2) * (s[1] > 0 ? TITLE_BOOST : 1);
  }

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
      int h = t.hash(Tokens.Form.LOWER, i);
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
  private static Candidates candidates(Tokens t) {
    Candidates out = new Candidates(t);
    boolean[] stopword = new boolean[t.size()];
    STOPWORDS.forEach(t, Tokens.Form.LOWER, (yes, start, length) -> stopword[start] = true);
    int runStart = -1;
    for (int i = 0; i < t.size(); i++) {
      byte gap = t.gapOrdinal(i);
      // inside a hyphenated compound ("text-to-image") even a stopword belongs to the phrase
      boolean content = isContent(t, i, stopword[i]) || (gap == JOIN && runStart >= 0);
      if (runStart >= 0 && (gap == BREAK || !content)) {
        flush(runStart, i, out);
        runStart = -1;
      }
      if (content && runStart < 0) {
        runStart = i;
      }
    }
    if (runStart >= 0) {
      flush(runStart, t.size(), out);
    }
    return out;
  }

  private static void flush(int start, int end, Candidates out) {
    if (end - start <= MAX_WORDS) {
      out.add(start, end);
    }
  }

  private static boolean isContent(Tokens t, int i, boolean stopword) {
    if (t.lowerLength(i) < 2 || stopword) {
      return false;
    }
    return !t.lowerIsAllDigits(i); // pure numbers are not keyphrases
  }
}
