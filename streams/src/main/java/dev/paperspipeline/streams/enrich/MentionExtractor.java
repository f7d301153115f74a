package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds mentions of known datasets and benchmarks (resource {@code taxonomy/datasets-v1.json}):
 * aliases matched on whole words, case-insensitively unless the dataset is marked case-sensitive
 * (names such as MATH or GLUE that are also ordinary words).
 */
public final class MentionExtractor {
  /** The resource of the current dataset list. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/datasets-v1.json";

  private final PhraseMatcher<String> lowerMatcher = new PhraseMatcher<>();
  private final PhraseMatcher<String> exactMatcher = new PhraseMatcher<>();
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
        m.order.add(name);
        for (JsonNode alias : d.path("aliases")) {
          Tokens t = Tokens.of(alias.asText());
          if (exact) {
            m.exactMatcher.add(t.originalList(), name);
          } else {
            m.lowerMatcher.add(t.lowerList(), name);
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
    Set<String> found = new java.util.HashSet<>();
    for (Tokens t : List.of(title, abstractText)) {
      lowerMatcher.findAll(t.lowerList()).forEach(m -> found.add(m.payload()));
      exactMatcher.findAll(t.originalList()).forEach(m -> found.add(m.payload()));
    }
    if (found.isEmpty()) {
      return List.of();
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (String name : order) {
      if (found.contains(name)) {
        ordered.add(name);
      }
    }
    return List.copyOf(ordered);
  }
}
