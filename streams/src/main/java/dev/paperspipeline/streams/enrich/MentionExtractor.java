package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds mentions of known datasets and benchmarks (resource {@code taxonomy/datasets-v1.json}):
 * aliases matched on whole words, case-insensitively unless the dataset is marked case-sensitive
 * (names such as MATH or GLUE that are also ordinary words).
 */
public final class MentionExtractor {
  /** The resource of the current dataset list. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/datasets-v1.json";

  // Payload: the position in order of the dataset's name (of its first entry, should two entries
  // share a name), so that found datasets are marked in a boolean array, already in list order.
  private final List<String> order = new ArrayList<>();
  private final List<Alias> aliases = new ArrayList<>();
  private final Lexicon lexicon = new Lexicon(); // the aliases alone, for extract(Tokens, Tokens)

  /** An alias as words: lower-case, or as written ({@code exact}) with its first word's lower. */
  private record Alias(List<String> words, String firstLower, boolean exact, int index) {}

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
          m.aliases.add(
              new Alias(exact ? t.originalList() : t.lowerList(), t.lower(0), exact, index));
        }
      }
      m.addAliasesTo(m.lexicon);
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset list " + resource, e);
    }
  }

  /** Adds the aliases to {@code shared}, reported by {@link #found()}'s indexes. */
  void addAliasesTo(Lexicon shared) {
    for (Alias a : aliases) {
      if (a.exact()) {
        shared.addExactPhrase(a.words(), a.firstLower(), a.index());
      } else {
        shared.addLowerPhrase(a.words(), a.index());
      }
    }
  }

  /** Canonical names of the datasets mentioned, in list order, without duplicates. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    boolean[] found = found();
    lexicon.scan(title, found);
    lexicon.scan(abstractText, found);
    return names(found);
  }

  /** Where the scans of a lexicon holding {@link #addAliasesTo} mark the datasets found. */
  boolean[] found() {
    return new boolean[order.size()];
  }

  /** The canonical names of the datasets marked in {@code found}, in list order. */
  List<String> names(boolean[] found) {
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
