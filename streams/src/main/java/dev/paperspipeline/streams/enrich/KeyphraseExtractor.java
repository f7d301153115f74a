package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private static final Set<String> STOPWORDS =
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

  /** Up to {@link #MAX_KEYPHRASES} lower-case keyphrases of title and abstract, best first. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    List<List<String>> titlePhrases = candidates(title);
    List<List<String>> abstractPhrases = candidates(abstractText);

    Map<String, Integer> freq = new HashMap<>();
    Map<String, Integer> degree = new HashMap<>();
    for (List<List<String>> group : List.of(titlePhrases, abstractPhrases)) {
      for (List<String> phrase : group) {
        // phrase holds the words at even positions and their separators at odd positions
        int words = (phrase.size() + 1) / 2;
        for (int i = 0; i < phrase.size(); i += 2) {
          freq.merge(phrase.get(i), 1, Integer::sum);
          degree.merge(phrase.get(i), words, Integer::sum);
        }
      }
    }

    Map<String, double[]> scored = new LinkedHashMap<>();
    for (int g = 0; g < 2; g++) {
      boolean inTitle = g == 0;
      for (List<String> phrase : inTitle ? titlePhrases : abstractPhrases) {
        StringBuilder text = new StringBuilder();
        double score = 0;
        for (int i = 0; i < phrase.size(); i++) {
          String part = phrase.get(i);
          text.append(part);
          if (i % 2 == 0) {
            score += (double) degree.get(part) / freq.get(part);
          }
        }
        double[] s = scored.get(text.toString());
        if (s == null) {
          scored.put(text.toString(), new double[] {score, inTitle ? 1 : 0, 1});
        } else {
          s[2]++;
          if (inTitle) {
            s[1] = 1;
          }
        }
      }
    }
    // score each phrase once, then keep the best MAX_KEYPHRASES
    List<Map.Entry<String, Double>> ranked = new ArrayList<>(scored.size());
    for (var e : scored.entrySet()) {
      ranked.add(Map.entry(e.getKey(), finalScore(e.getValue())));
    }
    ranked.sort(
        (a, b) -> {
          int c = Double.compare(b.getValue(), a.getValue());
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    List<String> out = new ArrayList<>(Math.min(MAX_KEYPHRASES, ranked.size()));
    for (int i = 0; i < ranked.size() && i < MAX_KEYPHRASES; i++) {
      out.add(ranked.get(i).getKey());
    }
    return out;
  }

  private static final double LN2 = Math.log(2);

  private static double finalScore(double[] s) {
    // 1 + log2(occurrences): recurring phrases beat one-off long runs, which plain RAKE favours
    return s[0] * (1 + Math.log(s[2]) / LN2) * (s[1] > 0 ? TITLE_BOOST : 1);
  }

  /**
   * Candidate phrases as [word, separator, word, ...]: maximal runs of content words not crossing
   * stopwords or punctuation, longer runs than {@value #MAX_WORDS} words are dropped.
   */
  private static List<List<String>> candidates(Tokens t) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      String w = t.lower(i);
      // inside a hyphenated compound ("text-to-image") even a stopword belongs to the phrase
      boolean content = isContent(w) || (t.gap(i) == Tokens.Gap.JOIN && !current.isEmpty());
      boolean breaks = t.gap(i) == Tokens.Gap.BREAK;
      if (!current.isEmpty() && (breaks || !content)) {
        flush(current, out);
      }
      if (content) {
        if (!current.isEmpty()) {
          current.add(t.gap(i) == Tokens.Gap.JOIN ? "-" : " ");
        }
        current.add(w);
      }
    }
    flush(current, out);
    return out;
  }

  private static void flush(List<String> current, List<List<String>> out) {
    if (!current.isEmpty() && (current.size() + 1) / 2 <= MAX_WORDS) {
      out.add(new ArrayList<>(current));
    }
    current.clear();
  }

  private static boolean isContent(String w) {
    if (w.length() < 2 || STOPWORDS.contains(w)) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      if (!Character.isDigit(w.charAt(i))) {
        return true;
      }
    }
    return false; // pure numbers are not keyphrases
  }
}
