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
 *       IIT-AFF and UMD"), or after a data word ("two datasets, PixelRec and Amazon Reviews", "a
 *       benchmark named OVDEval"), and a name set off as data ("Tele-Data, a comprehensive
 *       dataset").
 * </ul>
 *
 * <p>Not taken for data: words inside web addresses, lists that follow a word for models or methods
 * ("models like Llama-3"), names of known model families or headed by "LLM" or "model", acronyms
 * the paper defines for a concept ("supervised fine-tuning (SFT)") and adjectival compounds
 * ("HPC-specific").
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
            paper.names()));
  }

  /** Datasets of {@code title} and {@code abstractText}: known ones first, then new ones. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    List<Units.Unit> titleUnits = Units.of(title);
    return extract(
        title,
        abstractText,
        titleUnits,
        Units.of(abstractText),
        PaperNames.of(title.text(), titleUnits, abstractText.text()));
  }

  private List<String> extract(
      Tokens title,
      Tokens abstractText,
      List<Units.Unit> titleUnits,
      List<Units.Unit> abstractUnits,
      PaperNames names) {
    String paperName = names.paperName();
    // an acronym the paper defines for a concept names no data: "supervised fine-tuning (SFT)"
    Set<String> concepts = new HashSet<>();
    for (PaperNames.Acronym a : names.acronyms()) {
      if (!a.name()) {
        concepts.add(a.shortForm());
      }
    }
    boolean[] found = new boolean[order.size()];
    List<String> fresh = new ArrayList<>();
    titleUnits = withoutLinks(title.text(), titleUnits);
    abstractUnits = withoutLinks(abstractText.text(), abstractUnits);
    known(titleUnits, found);
    known(abstractUnits, found);
    findShorthands(title.text(), found);
    findShorthands(abstractText.text(), found);
    if (paperName != null
        && (saysData(titleUnits, 0, titleUnits.size())
            || introducesData(abstractText.text(), abstractUnits))) {
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
      if (!concepts.contains(f) && keys.add(PhraseForms.key(f))) {
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
    String lower = u.lower();
    int hyphen = lower.lastIndexOf('-');
    // "general-corpus", "domain-corpus": a compound whose head is a data word
    return DATA_WORDS.contains(lower)
        || (hyphen > 0 && DATA_WORDS.contains(lower.substring(hyphen + 1)));
  }

  /** Words after which a list names models or methods, not data ("models like X and Y"). */
  private static final Set<String> NOT_DATA_HEADS =
      Set.of(
          "model",
          "models",
          "llm",
          "llms",
          "baseline",
          "baselines",
          "method",
          "methods",
          "approach",
          "approaches",
          "architecture",
          "architectures",
          "technique",
          "techniques",
          "algorithm",
          "algorithms",
          "encoder",
          "encoders",
          "agent",
          "agents",
          "system",
          "systems",
          "tool",
          "tools",
          "metric",
          "metrics",
          "optimizer",
          "optimizers");

  private static final Set<String> NAMING = Set.of("named", "called", "dubbed", "termed", "namely");

  private static final Set<String> ARTICLES = Set.of("a", "an", "the");

  private static final Set<String> CONNECTORS = Set.of("and", "or", "vs", "versus");

  /**
   * Whether the abstract says the paper makes data: "our benchmark", "we introduce a new
   * benchmark", "we present an image-text paired dataset" (the verb or "our" and the data word
   * within four words, nothing between them but words).
   */
  private static boolean introducesData(String text, List<Units.Unit> units) {
    for (int k = 0; k < units.size(); k++) {
      Units.Unit u = units.get(k);
      if (!introducing(u) && !u.lower().equals("our")) {
        continue;
      }
      for (int j = k + 1; j < Math.min(units.size(), k + 5); j++) {
        if (units.get(j).breakBefore()) {
          break;
        }
        if (dataWord(units.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean introducing(Units.Unit u) {
    return INTRODUCING.contains(PhraseForms.singular(u.lower()).replaceAll("(e?s|d)$", ""))
        || INTRODUCING.contains(u.lower());
  }

  private static final java.util.regex.Pattern LINK =
      java.util.regex.Pattern.compile("(?:https?://|www\\.)\\S+|\\S+\\.(?:com|org|io|net)/\\S*");

  /**
   * {@code units} without those inside a web address (a repository's owner is no dataset: "
   * github.com/jimmyxu123/SELECT"); the word after one starts a new phrase.
   */
  private static List<Units.Unit> withoutLinks(String text, List<Units.Unit> units) {
    java.util.regex.Matcher m = LINK.matcher(text);
    if (!m.find()) {
      return units;
    }
    List<int[]> spans = new ArrayList<>();
    do {
      spans.add(new int[] {m.start(), m.end()});
    } while (m.find());
    List<Units.Unit> out = new ArrayList<>(units.size());
    boolean dropped = false;
    for (Units.Unit u : units) {
      boolean inLink = false;
      for (int[] span : spans) {
        inLink |= u.start() >= span[0] && u.start() < span[1];
      }
      if (inLink) {
        dropped = true;
      } else if (dropped && !u.breakBefore()) {
        out.add(
            new Units.Unit(
                u.original(),
                u.lower(),
                u.start(),
                u.end(),
                true,
                u.name(),
                u.quantity(),
                u.compound()));
        dropped = false;
      } else {
        out.add(u);
        dropped = false;
      }
    }
    return out;
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
        sentencePatterns(text, units, sentence, k, titleCase, found, fresh);
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
      String text,
      List<Units.Unit> units,
      int from,
      int to,
      boolean titleCase,
      boolean[] found,
      List<String> fresh) {
    if (!saysData(units, from, to)) {
      return;
    }
    int introducedAt = -1;
    for (int k = from; k < to; k++) {
      Units.Unit u = units.get(k);
      // "X benchmark", "the Oxford RobotCar dataset"
      if (k + 1 < to
          && dataWord(units.get(k + 1))
          && (!units.get(k + 1).breakBefore() || closingBracket(text, u, units.get(k + 1)))) {
        int start = k;
        while (!titleCase
            && start > from
            && start > k - 3
            && capitalized(units.get(start - 1))
            && capitalized(units.get(start))
            && !units.get(start).breakBefore()) {
          start--;
        }
        if (u.name()
            || (!titleCase
                && start > from
                && capitalized(units.get(start))
                && !units.get(start).breakBefore())) {
          add(text(units, start, k + 1), found, fresh);
        }
      }
      // "a dataset SOCRATES", "a benchmark named OVDEval", "two datasets, PixelRec and Amazon
      // Reviews"
      if (dataWord(u) && k + 1 < to) {
        int j = k + 1;
        if (NAMING.contains(units.get(j).lower())) {
          j++;
        }
        list(text, units, j, to, titleCase, found, fresh);
      }
      // "Tele-Data, a comprehensive dataset of ..."
      if (k + 2 < to
          && (u.name() || (!titleCase && k > from && capitalized(u) && !u.breakBefore()))
          && units.get(k + 1).breakBefore()
          && ARTICLES.contains(units.get(k + 1).lower())) {
        for (int j = k + 2; j < Math.min(to, k + 8) && !units.get(j).breakBefore(); j++) {
          if (dataWord(units.get(j))) {
            add(u.original(), found, fresh);
            break;
          }
        }
      }
      // "we introduce X, a ... dataset": the first name within a few words of the verb
      if (introducing(u)) {
        introducedAt = k;
      } else if (introducedAt >= 0 && u.name()) {
        if (k - introducedAt <= 6) {
          add(u.original(), found, fresh);
        }
        introducedAt = -1;
      }
      // "on X, Y and Z", "such as X and Y", unless what is listed is models ("models like X")
      if (LIST_CUES.contains(u.lower()) && !listsModels(units, from, k)) {
        list(text, units, k + 1, to, titleCase, found, fresh);
      }
    }
  }

  /** Whether only a closing bracket stands between {@code a} and {@code b}: "(LRS2) dataset". */
  private static boolean closingBracket(String text, Units.Unit a, Units.Unit b) {
    return a.end() < b.start() && text.substring(a.end(), b.start()).strip().equals(")");
  }

  /** Whether the list cue at {@code k} follows a word for models or methods. */
  private static boolean listsModels(List<Units.Unit> units, int from, int k) {
    int before = k - 1;
    if (before >= from
        && units.get(k).lower().equals("as")
        && units.get(before).lower().equals("such")) {
      before--;
    }
    return before >= from && NOT_DATA_HEADS.contains(units.get(before).lower());
  }

  /** Adds the items of a list starting at {@code j}: "X, Y and Z", "GTA5 to Cityscapes". */
  private void list(
      String text,
      List<Units.Unit> units,
      int j,
      int to,
      boolean titleCase,
      boolean[] found,
      List<String> fresh) {
    while (j < to) {
      int end = item(units, j, to, titleCase);
      if (end == j) {
        break;
      }
      add(text(units, j, end), found, fresh);
      j = end;
      if (j < to && CONNECTORS.contains(units.get(j).lower())) {
        j++;
      } else if (!(j < to
          && units.get(j).breakBefore()
          && text.substring(units.get(j - 1).end(), units.get(j).start()).strip().equals(","))) {
        // a bracket after an item explains it ("SOCRATES (ShOrtCut-fRee ...)"), no next item
        break;
      }
    }
  }

  private static boolean capitalized(Units.Unit u) {
    return Character.isUpperCase(u.original().charAt(0)) && !Stopwords.isStopword(u.lower());
  }

  /**
   * The end of a list item starting at {@code j}: a name, or a run of capitalized words, which may
   * hold capitalized function words ("Needle In A Haystack") and end in a number ("HEAR 2021").
   */
  private static int item(List<Units.Unit> units, int j, int to, boolean titleCase) {
    Units.Unit u = units.get(j);
    if (!u.name() && (titleCase || !capitalized(u))) {
      return j;
    }
    int end = j + 1;
    while (end < to && end < j + 5 && !units.get(end).breakBefore()) {
      Units.Unit next = units.get(end);
      if (next.name() || (!titleCase && capitalized(next))) {
        end++;
      } else if (!titleCase
          && Character.isUpperCase(next.original().charAt(0))
          && end + 1 < to
          && !units.get(end + 1).breakBefore()
          && (units.get(end + 1).name()
              || capitalized(units.get(end + 1))
              || (Character.isUpperCase(units.get(end + 1).original().charAt(0))
                  && end + 2 < to
                  && capitalized(units.get(end + 2))))) {
        end++;
      } else if (next.original().matches("(19|20)\\d\\d")) {
        end++;
        break;
      } else {
        break;
      }
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
    } else if (!fresh.contains(name) && plausible(name)) {
      fresh.add(name);
    }
  }

  // known families of models, whose names are no data ("Llama-3", "Stable-Diffusion")
  private static final java.util.regex.Pattern MODEL =
      java.util.regex.Pattern.compile(
          "(?i)(gpt|chatgpt|llama|llava|mistral|mixtral|qwen|phi|gemma|gemini|claude|palm|"
              + "vicuna|alpaca-?\\d|opt|bert|roberta|deberta|t5|flan|clip|blip|stable[- ]diffusion|"
              + "imagen|dall-?e|midjourney|falcon|bloom|pythia|yi|glm|chatglm|deepseek|"
              + "starcoder|codellama|code llama|sam|vit|resnet|whisper|wav2vec|hubert|swin|"
              + "convnext|dino|dinov2|mamba)"
              + "(?:[-. \\d].*)?");

  // the last part of an adjectival compound ("HPC-specific", "VLM-based", "CEFR-aligned")
  private static final java.util.regex.Pattern ADJECTIVE =
      java.util.regex.Pattern.compile(
          ".*-(?:[a-z]+ed|based|specific|like|aware|free|style|level|only|scale|centric|"
              + "oriented|driven|related|wise|agnostic|friendly|ready|native|intensive)");

  // a name whose head says it is a model ("Code LLM", "Tele-LLMs")
  private static final Set<String> MODEL_HEADS =
      Set.of("llm", "llms", "lm", "lms", "vlm", "vlms", "mllm", "mllms", "model", "models");

  /** Whether a name found by the patterns can be data: no model, no adjective, two letters. */
  private static boolean plausible(String name) {
    int letters = 0;
    for (int k = 0; k < name.length(); k++) {
      letters += Character.isLetter(name.charAt(k)) ? 1 : 0;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String last = lower.substring(Math.max(lower.lastIndexOf(' '), lower.lastIndexOf('-')) + 1);
    return letters >= 2
        && !MODEL_HEADS.contains(last)
        && !MODEL.matcher(name).matches()
        && !ADJECTIVE.matcher(name).matches();
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
