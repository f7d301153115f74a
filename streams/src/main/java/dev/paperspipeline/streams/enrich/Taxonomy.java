package dev.paperspipeline.streams.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A versioned taxonomy of research areas loaded from a JSON resource (see {@code
 * taxonomy/taxonomy-v2.json} for the format and the scoring rule).
 *
 * @param version stamped on every enriched record as {@code taxonomyVersion}
 * @param threshold minimum score for a topic to be assigned
 * @param titleWeight multiplier of a term's weight when it occurs in the title
 * @param maxOccurrences abstract occurrences of one term counted at most
 * @param maxTopics topics assigned at most (the best scoring ones)
 * @param relativeThreshold a topic is assigned only when its score is at least this share of the
 *     best topic's score too (0 for none), so that a paper's side remarks do not make topics
 * @param topics the research areas, in taxonomy order
 * @param caseSensitiveTerms terms (of any topic) that match only as written, for short names that
 *     are also labels of other things ("o1", the model, against an obstacle "(O1)")
 * @param outOfScopeTerms weighted terms of fields outside the taxonomy (astrophysics, ...), scored
 *     like a topic: a paper whose out-of-scope score reaches the threshold and exceeds the score of
 *     every topic is {@value #OTHER}, so that words such as "survey" or "detection" of another
 *     field do not make it an ML paper
 */
public record Taxonomy(
    String version,
    double threshold,
    double titleWeight,
    int maxOccurrences,
    int maxTopics,
    double relativeThreshold,
    List<Topic> topics,
    Set<String> caseSensitiveTerms,
    Map<String, Double> outOfScopeTerms) {

  /** A taxonomy whose terms all match case-insensitively, with no out-of-scope terms. */
  public Taxonomy(
      String version,
      double threshold,
      double titleWeight,
      int maxOccurrences,
      int maxTopics,
      List<Topic> topics) {
    this(version, threshold, titleWeight, maxOccurrences, maxTopics, 0, topics, Set.of(), Map.of());
  }

  /** The resource of the current taxonomy. */
  public static final String DEFAULT_RESOURCE = "/taxonomy/taxonomy-v2.json";

  /** Topic id of a paper that matches no research area. */
  public static final String OTHER = "other";

  /** One research area: an id and weighted terms. */
  public record Topic(String id, String label, Map<String, Double> terms) {}

  /** Loads the default taxonomy from the classpath. */
  public static Taxonomy loadDefault() {
    return load(DEFAULT_RESOURCE);
  }

  /** Loads a taxonomy from a classpath resource. */
  public static Taxonomy load(String resource) {
    try (InputStream in = Taxonomy.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("taxonomy resource not found: " + resource);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Topic> topics = new ArrayList<>();
      for (JsonNode t : root.path("topics")) {
        topics.add(new Topic(t.path("id").asText(), t.path("label").asText(), terms(t)));
      }
      Set<String> caseSensitive = new LinkedHashSet<>();
      root.path("caseSensitiveTerms").forEach(n -> caseSensitive.add(n.asText()));
      String version = root.path("version").asText(null);
      if (version == null || topics.isEmpty()) {
        throw new IllegalArgumentException("taxonomy " + resource + " lacks a version or topics");
      }
      return new Taxonomy(
          version,
          root.path("threshold").asDouble(2.0),
          root.path("titleWeight").asDouble(2.0),
          root.path("maxOccurrences").asInt(2),
          root.path("maxTopics").asInt(4),
          root.path("relativeThreshold").asDouble(0),
          List.copyOf(topics),
          Set.copyOf(caseSensitive),
          terms(root.path("outOfScope")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read taxonomy " + resource, e);
    }
  }

  private static Map<String, Double> terms(JsonNode node) {
    Map<String, Double> terms = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = node.path("terms").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      terms.put(e.getKey(), e.getValue().asDouble());
    }
    return terms;
  }
}
