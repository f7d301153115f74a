package dev.paperspipeline.streams.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a paper gives: its own name ({@link #paperName()}: the title's head before a colon,
 * "Medusa: Simple LLM Inference ..."; else the acronym the abstract defines for what it proposes),
 * and the acronyms the abstract defines with their long forms ("Winner-Take-All Column Row Sampling
 * (WTA-CRS)"), found as Schwartz and Hearst (2003) do: the short form's characters matched, from
 * the end, in the words before the bracket, its first at the start of a word.
 */
final class PaperNames {
  /** A defined acronym; {@code name}: its long form is capitalized, so it names a thing. */
  record Acronym(String shortForm, String longForm, boolean name, boolean introduced) {}

  // what a paper says of what it introduces, before the bracket of its acronym
  private static final Pattern INTRODUCING =
      Pattern.compile(
          "\\b(?:[Ww]e (?:\\w+ )?(?:propose|introduce|present|develop|design|build|construct|"
              + "curate|create|release|contribute|term|call|name|dub)|called|named|dubbed|termed|"
              + "coined|[Oo]ur|this (?:paper|work) (?:proposes|introduces|presents))\\b");

  private static final Pattern DATA_TITLE =
      Pattern.compile("(?i)\\b(?:benchmark|dataset|corpus|data set)s?\\b");
  private static final Pattern NAMED_DATA =
      Pattern.compile(
          "\\b(?:benchmark|dataset|corpus|suite)(?:,| named| called| dubbed)? "
              + "([A-Z][\\w.+]*(?:-[\\w.+]+)*)");

  private static final Pattern BRACKET = Pattern.compile("\\(([^()]{1,30})\\)");
  private static final Pattern INTRODUCED =
      Pattern.compile(
          "\\b(?:called|named|dubbed|termed|coined|namely|[Ww]e (?:propose|introduce|present|"
              + "release|develop|build|construct|curate|create|contribute))"
              + " ((?:[A-Z0-9][\\w.+]*)(?:-[\\w.+]+)*)");

  private final String paperName;
  private final List<Acronym> acronyms;

  private PaperNames(String paperName, List<Acronym> acronyms) {
    this.paperName = paperName;
    this.acronyms = acronyms;
  }

  /** The paper's own name as written, or null when it gives none. */
  String paperName() {
    return paperName;
  }

  /** The acronyms defined in title and abstract, in order of definition, each once. */
  List<Acronym> acronyms() {
    return acronyms;
  }

  static PaperNames of(String title, List<Units.Unit> titleUnits, String abstractText) {
    List<Acronym> acronyms = new ArrayList<>();
    definitions(title, acronyms);
    definitions(abstractText, acronyms);
    String name = titleHead(title, titleUnits, abstractText);
    if (name == null && DATA_TITLE.matcher(title).find()) {
      // a title about a benchmark or dataset: the one the abstract names ("a new benchmark named
      // OVDEval"), before any acronym of a method or metric it also defines
      Matcher m = NAMED_DATA.matcher(abstractText);
      if (m.find() && looksLikeName(trimEnd(m.group(1)))) {
        name = trimEnd(m.group(1));
      }
    }
    if (name == null) {
      String lowerTitle = title.toLowerCase(Locale.ROOT);
      for (Acronym a : acronyms) {
        if ((title.contains(a.shortForm()) || overlap(lowerTitle, a.longForm()))
            && a.introduced()) {
          name = a.shortForm();
          break;
        }
      }
    }
    if (name == null) {
      // "we propose Winner-Take-All Column Row Sampling (WTA-CRS)": a name, introduced
      for (Acronym a : acronyms) {
        if (a.introduced() && a.name()) {
          name = a.shortForm();
          break;
        }
      }
    }
    if (name == null) {
      Matcher m = INTRODUCED.matcher(abstractText);
      while (m.find()) {
        String candidate = trimEnd(m.group(1));
        for (Acronym a : acronyms) {
          if (a.longForm().startsWith(candidate)) {
            candidate = a.shortForm();
          }
        }
        if (looksLikeName(candidate)) {
          name = candidate;
          break;
        }
      }
    }
    if (name == null) {
      name = appositive(abstractText);
    }
    return new PaperNames(name, List.copyOf(acronyms));
  }

  // "we propose a new architecture, HSTU, designed ...", "we propose Cooldown, a strategy ...",
  // "we construct an evaluation dataset SOCRATES", "we release ... tweets dataset, MegaGeoCOV"
  private static final Pattern APPOSITIVE =
      Pattern.compile(
          "\\b(?:[Ww]e (?:\\w+ )?(?:propose|introduce|present|develop|design|build|construct|"
              + "curate|create|release|contribute)|this (?:paper|work) (?:proposes|introduces|"
              + "presents))"
              + "(?: (?:a|an|the))?((?: [\\w-]+){0,8}?)(?:,| named| called)? "
              + "([A-Z][\\w.+]*(?:-[\\w.+]+)*)(?=[,(:]| \\(| is| to| that| which| for)");

  private static String appositive(String abstractText) {
    Matcher m = APPOSITIVE.matcher(abstractText);
    while (m.find()) {
      String candidate = trimEnd(m.group(2));
      boolean direct = m.group(1).isBlank();
      // a single capitalized word names a thing only right after the verb ("we propose
      // Cooldown, a ..."); after a description it must look like a name ("a new architecture,
      // HSTU")
      if (looksLikeName(candidate)
          || (direct
              && candidate.length() > 3
              && !Stopwords.isStopword(candidate.toLowerCase(Locale.ROOT))
              && abstractText.startsWith(", a", m.end()))) {
        return candidate;
      }
    }
    return null;
  }

  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && !Character.isLetterOrDigit(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }

  /** Mixed case, letters with digits, or two capitals at least: "CulturaX", "GPT-4", "WTA-CRS". */
  static boolean looksLikeName(String s) {
    if (s.isEmpty() || s.length() > 40) {
      return false;
    }
    int upper = 0;
    boolean digit = false;
    boolean letter = false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (Character.isUpperCase(c)) {
        upper++;
      }
      digit |= Character.isDigit(c);
      letter |= Character.isLetter(c);
    }
    return letter && (upper >= 2 || (digit && upper >= 1));
  }

  /** Whether two or more words of {@code longForm} longer than three letters are in the title. */
  private static boolean overlap(String lowerTitle, String longForm) {
    int hits = 0;
    for (String w : longForm.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (w.length() > 3 && lowerTitle.contains(w)) {
        hits++;
      }
    }
    return hits >= 2;
  }

  /**
   * The title's head before a colon when it is a name: one to three words, one of them a name
   * ("WTA-CRS", "CulturaX"), or a single capitalized word ("Medusa"), not a function word.
   */
  private static String titleHead(String title, List<Units.Unit> titleUnits, String abstractText) {
    int colon = title.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    List<Units.Unit> head = new ArrayList<>();
    for (Units.Unit u : titleUnits) {
      if (u.start() >= colon) {
        break;
      }
      head.add(u);
    }
    // "RS5M and GeoRSCLIP: ...", "HiddenTables & PyQTax: ...": the first name
    if (head.size() >= 2
        && head.get(0).name()
        && (head.get(1).lower().equals("and")
            || title.substring(head.get(0).end(), head.get(1).start()).contains("&"))) {
      return head.get(0).original();
    }
    if (head.isEmpty() || head.size() > 4) {
      return null;
    }
    boolean name = false;
    for (Units.Unit u : head) {
      name |= u.name();
    }
    Units.Unit first = head.get(0);
    boolean capitalized = Character.isUpperCase(first.original().charAt(0));
    String text = title.substring(first.start(), head.get(head.size() - 1).end()).trim();
    if (head.size() == 4 && !abstractText.contains(text)) {
      return null;
    }
    boolean word = head.size() == 1 && capitalized && !Stopwords.isStopword(first.lower());
    // a capitalized head of two or three words is a name when the abstract says it again
    boolean repeated = capitalized && head.size() > 1 && abstractText.contains(text);
    if (!name && !word && !repeated) {
      return null;
    }
    return text;
  }

  private static void definitions(String text, List<Acronym> out) {
    Matcher m = BRACKET.matcher(text);
    while (m.find()) {
      String inside = m.group(1).trim();
      int cut = indexOfAny(inside, ";,");
      if (cut > 0) {
        inside = inside.substring(0, cut).trim();
      }
      if (!validShortForm(inside)) {
        continue;
      }
      String before = sentenceBefore(text, m.start());
      String longForm = longForm(inside, before);
      if (longForm == null) {
        continue;
      }
      boolean known = false;
      for (Acronym a : out) {
        known |= a.shortForm().equals(inside);
      }
      if (!known) {
        out.add(
            new Acronym(
                inside, longForm, capitalized(longForm), INTRODUCING.matcher(before).find()));
      }
    }
  }

  private static int indexOfAny(String s, String chars) {
    for (int k = 0; k < s.length(); k++) {
      if (chars.indexOf(s.charAt(k)) >= 0) {
        return k;
      }
    }
    return -1;
  }

  private static boolean validShortForm(String s) {
    if (s.length() < 2 || s.length() > 15 || !Character.isLetterOrDigit(s.charAt(0))) {
      return false;
    }
    if (s.split("\\s+").length > 2) {
      return false;
    }
    boolean upper = false;
    for (int k = 0; k < s.length(); k++) {
      upper |= Character.isUpperCase(s.charAt(k));
    }
    return upper;
  }

  private static String sentenceBefore(String text, int bracket) {
    int from = Math.max(0, bracket - 200);
    String s = text.substring(from, bracket);
    int stop = Math.max(s.lastIndexOf(". "), Math.max(s.lastIndexOf("; "), s.lastIndexOf(": ")));
    return (stop >= 0 ? s.substring(stop + 2) : s).trim();
  }

  /** The long form of {@code shortForm} at the end of {@code before}, or null. */
  static String longForm(String shortForm, String before) {
    String[] words = before.split("\\s+");
    int sfLetters = 0;
    for (int k = 0; k < shortForm.length(); k++) {
      if (Character.isLetterOrDigit(shortForm.charAt(k))) {
        sfLetters++;
      }
    }
    int maxWords = Math.min(sfLetters + 5, sfLetters * 2);
    int fromWord = Math.max(0, words.length - maxWords);
    String lf = String.join(" ", java.util.Arrays.copyOfRange(words, fromWord, words.length));
    int s = shortForm.length() - 1;
    int l = lf.length() - 1;
    while (s >= 0) {
      char c = Character.toLowerCase(shortForm.charAt(s));
      if (!Character.isLetterOrDigit(c)) {
        s--;
        continue;
      }
      while ((l >= 0 && Character.toLowerCase(lf.charAt(l)) != c)
          || (s == 0 && l > 0 && Character.isLetterOrDigit(lf.charAt(l - 1)))) {
        l--;
      }
      if (l < 0) {
        return null;
      }
      l--;
      s--;
    }
    int start = lf.lastIndexOf(' ', l + 1) + 1;
    String out = lf.substring(start).trim();
    while (!out.isEmpty() && !Character.isLetterOrDigit(out.charAt(out.length() - 1))) {
      out = out.substring(0, out.length() - 1);
    }
    if (out.isEmpty() || out.equalsIgnoreCase(shortForm) || !out.matches(".*\\s.*|.*-.*")) {
      return null;
    }
    return out;
  }

  private static boolean capitalized(String longForm) {
    int words = 0;
    int capital = 0;
    for (String w : longForm.split("[\\s-]+")) {
      if (w.isEmpty() || Stopwords.isStopword(w.toLowerCase(Locale.ROOT))) {
        continue;
      }
      words++;
      if (Character.isUpperCase(w.charAt(0))) {
        capital++;
      }
    }
    return words > 0 && capital * 2 > words;
  }
}
