package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.EnrichedPaper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds mentions of known datasets and benchmarks (field {@code mentions}; resource {@code
 * taxonomy/datasets-v1.json}): aliases matched on whole words, case-insensitively unless the
 * dataset is marked case-sensitive (names such as MATH or GLUE that are also ordinary words).
 */
public final class MentionExtractor implements Enrichment {
  /** The resource of the current dataset list. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/datasets-v1.json";

  // Payload: the position in order of the dataset's name (of its first entry, should two entries
  // share a name), so that found datasets are marked in a boolean array, already in list order.
  private final List<String> order = new ArrayList<>();
  private final Lexicon aliases = new Lexicon();
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
          Tokens t = Tokens.of(alias.asText());
          if (t.size() == 0) {
            throw new IllegalArgumentException("empty alias of " + name + " in " + resource);
          }
          if (exact) {
            m.aliases.addExact(t.originalList(), t.lower(0), index);
          } else {
            m.aliases.addLower(t.lowerList(), index);
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
    out.setMentions(extract(paper.titleTokens(), paper.abstractTokens()));
  }

  /** Canonical names of the datasets mentioned, in list order, without duplicates. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    boolean[] found = new boolean[order.size()];
    for (int index : aliases.scan(title)) {
      found[index] = true;
    }
    for (int index : aliases.scan(abstractText)) {
      found[index] = true;
    }
    findShorthands(title.text(), found);
    findShorthands(abstractText.text(), found);
    return names(found);
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
