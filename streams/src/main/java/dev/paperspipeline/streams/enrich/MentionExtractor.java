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
  private final PhraseMatcher<Integer> lowerMatcher = new PhraseMatcher<>();
  private final PhraseMatcher<Integer> exactMatcher = new PhraseMatcher<>();
  private final List<String> order = new ArrayList<>();

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
          if (exact) {
            m.exactMatcher.add(t.originalList(), index);
          } else {
            m.lowerMatcher.add(t.lowerList(), index);
          }
        }
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dataset list " + resource, e);
    }
  }

  /** Canonical names of the datasets mentioned, in list order, without duplicates. */
  public List<String> extract(Tokens title, Tokens abstractText) {
    boolean[] found = new boolean[order.size()];
    PhraseMatcher.Hits<Integer> mark = (index, start, length) -> found[index] = true;
    for (Tokens t : new Tokens[] {title, abstractText}) {
      lowerMatcher.forEach(t, Tokens.Form.LOWER, mark);
      exactMatcher.forEach(t, Tokens.Form.ORIGINAL, mark);
    }
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
