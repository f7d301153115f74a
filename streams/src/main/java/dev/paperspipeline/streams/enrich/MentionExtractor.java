package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.EnrichedPaper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the datasets and benchmarks a paper introduces or evaluates on (field {@code mentions}):
 *
 * <ul>
 *   <li>the known ones (resource {@code taxonomy/datasets-v1.json}): aliases matched on whole
 *       words, case-insensitively unless the dataset is marked case-sensitive (names such as MATH
 *       or GLUE that are also ordinary words), listed first, by their canonical names, in list
 *       order;
 *   <li>then, as written, in order of appearance, the names the text marks as data: a name before
 *       "benchmark", "dataset", "corpus" or "suite" ("the MMLU-Pro benchmark"), the name a paper
 *       introduces in a sentence about data ("we introduce CulturaX, a multilingual dataset"), the
 *       paper's own name when its title says it is a dataset or benchmark, and names listed after
 *       "on", "including", "such as", "like" or "across" in a sentence about data ("on AGD20K,
 *       IIT-AFF and UMD").
 * </ul>
 *
 * <p>A name is a word with mixed case, letters and digits, or two capitals at least; hyphenated
 * compounds stay whole ("LAION-COCO" is neither "LAION" nor "COCO").
 */
public final class MentionExtractor implements Enrichment {
  /** The resource of the current dataset list. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/datasets-v1.json";

  // Payload: the position in order of the dataset's name (of its first entry, should two entries
  // share a name), so that found datasets are marked in a boolean array, already in list order.
  private final List<String> order = new ArrayList<>();
  private final Map<String, Integer> exactAliases = new HashMap<>();
  private final Map<String, Integer> lowerAliases = new HashMap<>();
  // one-word case-insensitive aliases ending in a digit, without hyphens ("cifar100"), for the
  // shorthand "CIFAR10/100"
  private final Map<String, Integer> numbered = new HashMap<>();

  /** Loads the default dataset list. */
  public static MentionExtractor loadDefault() {
    return load(DEFAULT_RESOURCE);
  }

  /** Loads a dataset list from a classpath resource. */
  public static MentionExtractor load(String resource) {
    try (InputStream in = MentionExtractor.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("dataset resource not found: " + resource);
      }
      MentionExtractor m = new MentionExtractor();
      for (JsonNode d : new ObjectMapper().readTree(in).path("datasets")) {
        String name = d.path("name").asText();
        boolean exact = d.path("caseSensitive").asBoolean(false);
        int index = m.order.contains(name) ? m.order.indexOf(name) : m.order.size();
        m.order.add(name);
        for (JsonNode alias : d.path("aliases")) {
          String text = alias.asText().trim();
          if (text.isEmpty()) {
            throw new IllegalArgumentException("empty alias of " + name + " in " + resource);
          }
          if (exact) {
            m.exactAliases.putIfAbsent(text, index);
          } else {
            m.lowerAliases.putIfAbsent(text.toLowerCase(Locale.ROOT), index);
          }
          String joined = alias.asText().toLowerCase(Locale.ROOT).replace("-", "");
          if (!exact && joined.matches("[a-z]+[0-9]+")) {
            m.numbered.putIfAbsent(joined, index);
          }
        }
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset list " + resource, e);
    }
  }

  @Override
  public void enrich(TokenizedPaper paper, EnrichedPaper.Builder out) {
    out.setMentions(
        extract(
            paper.titleTokens(),
            paper.abstractTokens(),
            paper.titleUnits(),
            paper.abstractUnits(),
            paper.names().paperName()));
  }

  /** Datasets of {@code title} and {@code abstractText}: known ones first, then new ones. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    List<Units.Unit> titleUnits = Units.of(title);
    return extract(
        title,
        abstractText,
        titleUnits,
        Units.of(abstractText),
        PaperNames.of(title.text(), titleUnits, abstractText.text()).paperName());
  }

  private List<String> extract(
      Tokens title,
      Tokens abstractText,
      List<Units.Unit> titleUnits,
      List<Units.Unit> abstractUnits,
      String paperName) {
    boolean[] found = new boolean[order.size()];
    List<String> fresh = new ArrayList<>();
    known(titleUnits, found);
    known(abstractUnits, found);
    findShorthands(title.text(), found);
    findShorthands(abstractText.text(), found);
    if (paperName != null && saysData(titleUnits, 0, titleUnits.size())) {
      add(paperName, found, fresh);
    }
    patterns(title.text(), titleUnits, true, found, fresh);
    patterns(abstractText.text(), abstractUnits, false, found, fresh);
    List<String> out = new ArrayList<>(names(found));
    Set<String> keys = new HashSet<>();
    for (String k : out) {
      keys.add(PhraseForms.key(k));
    }
    for (String f : fresh) {
      if (keys.add(PhraseForms.key(f))) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  private static final Set<String> DATA_WORDS =
      Set.of(
          "benchmark",
          "benchmarks",
          "dataset",
          "datasets",
          "corpus",
          "corpora",
          "suite",
          "testbed",
          "leaderboard",
          "data set",
          "data sets");

  private static final Set<String> LIST_CUES = Set.of("on", "including", "like", "across", "as");

  private static final Set<String> INTRODUCING =
      Set.of(
          "introduce",
          "present",
          "propose",
          "release",
          "construct",
          "curate",
          "create",
          "build",
          "contribute",
          "collect",
          "develop");

  private static boolean dataWord(Units.Unit u) {
    return DATA_WORDS.contains(u.lower());
  }

  /** Whether units {@code [from, to)} name data ("dataset", "benchmark", ...). */
  private static boolean saysData(List<Units.Unit> units, int from, int to) {
    for (int k = from; k < to; k++) {
      if (dataWord(units.get(k))) {
        return true;
      }
    }
    return false;
  }

  /** Known datasets among 1-3 consecutive words (compounds whole), not across punctuation. */
  private void known(List<Units.Unit> units, boolean[] found) {
    for (int s = 0; s < units.size(); s++) {
      StringBuilder original = new StringBuilder();
      for (int e = s; e < Math.min(units.size(), s + 3); e++) {
        Units.Unit u = units.get(e);
        if (e > s && u.breakBefore()) {
          break;
        }
        if (e > s) {
          original.append(' ');
        }
        original.append(u.original());
        String o = original.toString();
        Integer index = exactAliases.get(o);
        if (index == null) {
          index = lowerAliases.get(o.toLowerCase(Locale.ROOT));
        }
        if (index != null) {
          found[index] = true;
        }
      }
    }
  }

  /** The names the text marks as data, per sentence. */
  private void patterns(
      String text, List<Units.Unit> units, boolean titleCase, boolean[] found, List<String> fresh) {
    int n = units.size();
    int sentence = 0;
    for (int k = 1; k <= n; k++) {
      if (k == n || endsSentence(text, units.get(k - 1).end(), units.get(k).start())) {
        sentencePatterns(units, sentence, k, titleCase, found, fresh);
        sentence = k;
      }
    }
  }

  private static boolean endsSentence(String text, int from, int to) {
    for (int i = from; i < to && i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c == '.' || c == '!' || c == '?' || c == ';')
          && i + 1 < text.length()
          && Character.isWhitespace(text.charAt(i + 1))) {
        return true;
      }
    }
    return false;
  }

  private void sentencePatterns(
      List<Units.Unit> units,
      int from,
      int to,
      boolean titleCase,
      boolean[] found,
      List<String> fresh) {
    if (!saysData(units, from, to)) {
      return;
    }
    boolean introducing = false;
    for (int k = from; k < to; k++) {
      Units.Unit u = units.get(k);
      // "X benchmark", "the Oxford RobotCar dataset"
      if (k + 1 < to && dataWord(units.get(k + 1)) && !units.get(k + 1).breakBefore()) {
        int start = k;
        while (!titleCase
            && start > from
            && start > k - 3
            && capitalized(units.get(start - 1))
            && capitalized(units.get(start))
            && !units.get(start).breakBefore()) {
          start--;
        }
        if (u.name() || (!titleCase && start > from && capitalized(units.get(start)))) {
          add(text(units, start, k + 1), found, fresh);
        }
      }
      // "we introduce X, a ... dataset"
      if (INTRODUCING.contains(PhraseForms.singular(u.lower()).replaceAll("(e?s|d)$", ""))
          || INTRODUCING.contains(u.lower())) {
        introducing = true;
      } else if (introducing && u.name()) {
        add(u.original(), found, fresh);
        introducing = false;
      }
      // "on X, Y and Z", "such as X and Y", items names or (outside titles) capitalized words
      if (LIST_CUES.contains(u.lower())) {
        int j = k + 1;
        while (j < to) {
          int end = item(units, j, to, titleCase);
          if (end == j) {
            break;
          }
          add(text(units, j, end), found, fresh);
          j = end;
          if (j < to && (units.get(j).lower().equals("and") || units.get(j).lower().equals("or"))) {
            j++;
          } else if (!(j < to && units.get(j).breakBefore())) {
            break;
          }
        }
      }
    }
  }

  private static boolean capitalized(Units.Unit u) {
    return Character.isUpperCase(u.original().charAt(0)) && !Stopwords.isStopword(u.lower());
  }

  /** The end of a list item starting at {@code j}: a name, or a run of capitalized words. */
  private static int item(List<Units.Unit> units, int j, int to, boolean titleCase) {
    Units.Unit u = units.get(j);
    if (!u.name() && (titleCase || !capitalized(u))) {
      return j;
    }
    int end = j + 1;
    while (end < to
        && end < j + 4
        && !units.get(end).breakBefore()
        && (units.get(end).name() || (!titleCase && capitalized(units.get(end))))) {
      end++;
    }
    return end;
  }

  private static String text(List<Units.Unit> units, int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int k = from; k < to; k++) {
      if (k > from) {
        out.append(' ');
      }
      out.append(units.get(k).original());
    }
    return out.toString();
  }

  /** Adds {@code name}: as the known dataset it is an alias of, else as written. */
  private void add(String name, boolean[] found, List<String> fresh) {
    Integer index = exactAliases.get(name);
    if (index == null) {
      index = lowerAliases.get(name.toLowerCase(Locale.ROOT));
    }
    if (index != null) {
      found[index] = true;
    } else if (!fresh.contains(name)) {
      fresh.add(name);
    }
  }

  /**
   * Marks the datasets named by the shorthand "name + number / number" ("CIFAR10/100",
   * "CIFAR-10/100" name CIFAR-10 and CIFAR-100): the whole-word matching sees the first alone, as
   * the slash breaks the words.
   */
  private void findShorthands(String text, boolean[] found) {
    int n = text.length();
    for (int slash = text.indexOf('/'); slash >= 0; slash = text.indexOf('/', slash + 1)) {
      if (slash == 0
          || slash + 1 >= n
          || !digit(text.charAt(slash - 1))
          || !digit(text.charAt(slash + 1))) {
        continue;
      }
      int digits = slash;
      while (digits > 0 && digit(text.charAt(digits - 1))) {
        digits--;
      }
      int name = digits > 0 && text.charAt(digits - 1) == '-' ? digits - 1 : digits;
      int start = name;
      while (start > 0 && letter(text.charAt(start - 1))) {
        start--;
      }
      int end = slash + 1;
      while (end < n && digit(text.charAt(end))) {
        end++;
      }
      if (start == name
          || (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1)))
          || (end < n && Character.isLetterOrDigit(text.charAt(end)))) {
        continue;
      }
      String prefix = text.substring(start, name).toLowerCase(Locale.ROOT);
      Integer index = numbered.get(prefix + text.substring(slash + 1, end));
      if (index != null) {
        found[index] = true;
      }
    }
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The canonical names of the datasets marked in {@code found}, in list order. */
  private List<String> names(boolean[] found) {
    List<String> ordered = null;
    for (int i = 0; i < found.length; i++) {
      if (found[i]) {
        if (ordered == null) {
          ordered = new ArrayList<>(4);
        }
        ordered.add(order.get(i));
      }
    }
    return ordered == null ? List.of() : List.copyOf(ordered);
  }
}
