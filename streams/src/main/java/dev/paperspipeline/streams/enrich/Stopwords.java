package dev.paperspipeline.streams.enrich;

import java.util.HashSet;
import java.util.Set;

/**
 * The word lists that stay, and why: phrases are bounded by words that are never part of a concept,
 * which a sentence-embedding model cannot tell (it ranks candidates, it does not cut them).
 *
 * <ul>
 *   <li>English function words (articles, pronouns, prepositions, conjunctions, auxiliaries):
 *       candidate boundaries, as in RAKE and KeyBERT.
 *   <li>The verbs of abstracts' prose ("we propose", "outperforms", "enables") with their -s, -ed
 *       and -ing forms: without a part-of-speech tagger they are what ends a noun phrase, so that
 *       "lets specialized agents debate" is no candidate.
 *   <li>Words in -ly that are no adverbs ("anomaly", "family"): the rule "an adverb ends a phrase"
 *       needs its exceptions.
 * </ul>
 *
 * <p>What generic words of abstracts ("novel", "approach", "results", "large", "performance") used
 * to be listed here is now decided by the model (relevance) and by document frequencies
 * (specificity against the corpus).
 */
final class Stopwords {
  private Stopwords() {}

  private static final Set<String> FUNCTION_AND_PROSE =
      Set.of(
          String.join(
                  " ",
                  "a about above achieve achieved achieves achieving across additionally address addressed",
                  "addresses addressing after again against aim aimed aims al all almost along also",
                  "although always among an and another any are around as at based be because been before",
                  "being below between both but by can cannot com could demonstrate demonstrated",
                  "demonstrates demonstrating did do does doing down due during e each eg either enable",
                  "enabled enables enabling enough especially et etc even ever every few finally find",
                  "finding finds first five for found four from further furthermore g given had has have",
                  "having he her here hers him his how however http https i ie if improve improves",
                  "improving in include included includes including into introduce introduced introduces",
                  "introducing is it its itself just last least less leverage leveraged leverages",
                  "leveraging like made make makes many may might more moreover most much must my namely",
                  "near need neither no nor not now of off often on once one only onto or other others",
                  "otherwise our ours out outperform outperformed outperforming outperforms over own",
                  "particularly per perhaps present presented presenting presents propose proposed proposes",
                  "proposing provide provided provides providing rather release released releases remain",
                  "remained remaining remains same second several she should show showed showing shown",
                  "shows since so some specifically such than that the their them then there thereby",
                  "therefore these they third this those though three through thus to too toward towards",
                  "two under unlike until up upon us use used uses using very via was we well were what",
                  "when where whereas whether which while who whom whose why will with within without would",
                  "www yet you your")
              .split(" "));

  // Verbs of abstracts' prose, which end a noun phrase. Base forms; their -s, -ed and -ing forms
  // are added. Verbs that are also names of techniques ("train", "scale", "search", "plan") are
  // not.
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
  private static final String[] OTHER = {
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

  // Nouns of ML among the generated verb forms, kept as content words
  private static final Set<String> NOT_VERBS =
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
          "fly",
          "butterfly");

  private static final Set<String> ALL = all();

  private static Set<String> all() {
    Set<String> out = new HashSet<>(FUNCTION_AND_PROSE);
    for (String w : OTHER) {
      out.add(w);
    }
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
    out.removeAll(NOT_VERBS);
    return Set.copyOf(out);
  }

  /** Whether lower-case word {@code w} ends a phrase: a function word or a verb of the prose. */
  static boolean isStopword(String w) {
    return ALL.contains(w);
  }

  /** Whether lower-case word {@code w} is an adverb in -ly (it makes a clause, not a term). */
  static boolean isAdverb(String w) {
    return w.length() > 4 && w.endsWith("ly") && !NOT_ADVERBS.contains(w);
  }
}
