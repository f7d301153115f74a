package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrichment measured against papers labelled by hand: the real digests of {@code ../shared} are
 * parsed, every paper of the evaluation set ({@code enrich/evaluation-set.tsv}, ids and labels
 * only) is enriched, and topics (micro-averaged precision and recall), code links (exact match of
 * the paper's set of valid links) and keyphrases (share of filler) are compared with its labels.
 * Fails below the thresholds of README.md, "Enrichment quality"; skipped when the digests are
 * absent.
 */
class EnrichmentEvaluationTest {
  private static final Logger log = LoggerFactory.getLogger(EnrichmentEvaluationTest.class);

  static final String RESOURCE = "/enrich/evaluation-set.tsv";

  // Thresholds a little below the measured values (README.md, "Enrichment quality"), so that a
  // change that makes enrichment worse fails, while one paper more or less does not.
  // Topics: the topic model was trained on these papers, so the figures here are in sample and only
  // guard against breakage; TopicEvaluationTest measures topics on unseen papers.
  static final double MIN_TOPIC_PRECISION = 0.77;
  static final double MIN_TOPIC_RECALL = 0.77;
  static final double MIN_LINK_EXACT_MATCH = 0.97;

  record Label(
      String paperId,
      Set<String> topics,
      Set<String> links,
      Set<String> filler,
      Set<String> reviewed) {}

  @Test
  void shouldEnrichTheLabelledRealPapersAboveTheThresholds() throws IOException {
    Map<String, UniquePaper> papers = new HashMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), Instant.EPOCH)) {
      papers.putIfAbsent(e.getPaperId(), Sightings.first(e));
    }
    List<Label> labels = labels();
    PaperEnricher enricher = PaperEnricher.loadDefault();

    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    int linksMatched = 0;
    int keyphrases = 0;
    int filler = 0;
    int unreviewed = 0;
    Map<String, int[]> perTopic = new TreeMap<>(); // topic -> {false positives, false negatives}
    for (Label label : labels) {
      UniquePaper paper = papers.get(label.paperId());
      assertThat(paper).as("labelled paper %s in the digests", label.paperId()).isNotNull();
      EnrichedPaper e = enricher.enrich(paper, Instant.EPOCH);

      Set<String> topics = new HashSet<>(e.getTopics());
      for (String t : topics) {
        if (label.topics().contains(t)) {
          truePositives++;
        } else {
          falsePositives++;
          perTopic.computeIfAbsent(t, k -> new int[2])[0]++;
        }
      }
      for (String t : label.topics()) {
        if (!topics.contains(t)) {
          falseNegatives++;
          perTopic.computeIfAbsent(t, k -> new int[2])[1]++;
        }
      }

      Set<String> links = new HashSet<>();
      boolean invalid = false;
      for (CodeLink l : e.getCodeLinks()) {
        links.add(l.getUrl());
        invalid |= !l.getValid();
      }
      if (!invalid && links.equals(label.links())) {
        linksMatched++;
      } else {
        log.info("links of {}: {} expected {}", label.paperId(), e.getCodeLinks(), label.links());
      }

      for (String k : e.getKeyphrases()) {
        keyphrases++;
        if (label.filler().contains(k)) {
          filler++;
        } else if (!label.reviewed().contains(hash(k))) {
          unreviewed++;
        }
      }
    }

    double precision = (double) truePositives / (truePositives + falsePositives);
    double recall = (double) truePositives / (truePositives + falseNegatives);
    double linkExactMatch = (double) linksMatched / labels.size();
    double fillerShare = (double) filler / keyphrases;
    double unreviewedShare = (double) unreviewed / keyphrases;
    log.info(
        "evaluation set: {} papers; topics precision {} recall {} ({} right, {} wrong, {} missed);"
            + " code links exact match {} ({} of {}); keyphrases {}: filler {} ({}), unreviewed {}",
        labels.size(),
        String.format("%.3f", precision),
        String.format("%.3f", recall),
        truePositives,
        falsePositives,
        falseNegatives,
        String.format("%.3f", linkExactMatch),
        linksMatched,
        labels.size(),
        keyphrases,
        filler,
        String.format("%.3f", fillerShare),
        unreviewed);
    perTopic.forEach((t, c) -> log.info("topic {}: {} wrongly given, {} missed", t, c[0], c[1]));

    assertThat(labels).hasSizeGreaterThanOrEqualTo(120);
    assertThat(precision).as("topic precision").isGreaterThanOrEqualTo(MIN_TOPIC_PRECISION);
    assertThat(recall).as("topic recall").isGreaterThanOrEqualTo(MIN_TOPIC_RECALL);
    assertThat(linkExactMatch)
        .as("code links exact match")
        .isGreaterThanOrEqualTo(MIN_LINK_EXACT_MATCH);
    // keyphrases are judged by KeyphraseEvaluationTest against blind labels; the filler share
    // against this set's columns 4-5 (written for the old extractor) is only logged
  }

  @Test
  void shouldLabelEveryPaperWithKnownTopicsOnly() throws IOException {
    Set<String> known = new HashSet<>();
    Taxonomy.loadDefault().topics().forEach(t -> known.add(t.id()));
    known.add(Taxonomy.OTHER);
    List<Label> labels = labels();

    assertThat(labels).hasSize(165);
    assertThat(labels).extracting(Label::paperId).doesNotHaveDuplicates();
    assertThat(labels).allSatisfy(l -> assertThat(known).containsAll(l.topics()));
    assertThat(labels).allSatisfy(l -> assertThat(l.topics()).isNotEmpty());
  }

  static List<Label> labels() throws IOException {
    List<Label> labels = new ArrayList<>();
    try (InputStream in = EnrichmentEvaluationTest.class.getResourceAsStream(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] c = line.split("\t", -1);
        assertThat(c).as("columns of %s", line).hasSize(5);
        labels.add(
            new Label(
                c[0], Set.of(c[1].split(",")), set(c[2], " "), set(c[3], "\\|"), set(c[4], " ")));
      }
    }
    return labels;
  }

  private static Set<String> set(String column, String separator) {
    return column.equals("-") ? Set.of() : Set.copyOf(Arrays.asList(column.split(separator)));
  }

  /** The first 8 hex digits of the SHA-256 of {@code keyphrase}, as column 5 holds them. */
  static String hash(String keyphrase) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(keyphrase.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
