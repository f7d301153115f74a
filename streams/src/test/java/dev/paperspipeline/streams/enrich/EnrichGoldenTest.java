package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden test of the whole enrichment: 1,300 generated papers (fewer than before the model: each
 * costs an embedding) are enriched and what enrichment adds (topics, keyphrases, code links,
 * mentions, word count) is compared, line by line, with a checked-in JSON Lines snapshot, so that a
 * change of behaviour shows as a readable diff of the snapshot. An intended change re-records the
 * snapshots:
 *
 * <pre>
 * mvn -B -pl streams -am test -Dtest=EnrichGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpapers.golden.record=true
 * </pre>
 *
 * <p>Three corpora: papers of {@link DigestGenerator} (what benchmarks and load tests enrich), the
 * same papers perturbed with case changes, Unicode, odd whitespace, punctuation and links (the edge
 * cases of tokenizing, lower-casing and link extraction), and the real shared digests when present.
 * The real digests' output is kept as a SHA-256 only, as it holds text of the digests, which stay
 * out of the project.
 */
class EnrichGoldenTest {
  /** System property: write the snapshots instead of comparing with them. */
  static final String RECORD = "papers.golden.record";

  private static final Instant NOW = Instant.parse("2025-08-13T00:00:00Z");
  private static final PaperEnricher ENRICHER = PaperEnricher.loadDefault();
  private static final Path SNAPSHOTS = Path.of("src", "test", "resources", "enrich", "golden");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldEnrichGeneratedPapersAsTheSnapshot() throws IOException {
    List<UniquePaper> papers = generated(1000, 20250106L);

    assertThat(papers).hasSize(1000);
    assertMatchesSnapshot("generated.jsonl", lines(papers));
  }

  @Test
  void shouldEnrichPerturbedPapersAsTheSnapshot() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    List<UniquePaper> papers = new ArrayList<>();
    for (UniquePaper p : generated(300, 7L)) {
      papers.add(
          UniquePaper.newBuilder(p)
              .setTitle(perturb(p.getTitle(), random))
              .setAbstractText(perturb(p.getAbstractText(), random))
              .build());
    }

    assertThat(papers)
        .as("the perturbation reaches the link extractor")
        .anyMatch(p -> !ENRICHER.enrich(p, NOW).getCodeLinks().isEmpty());
    assertMatchesSnapshot("perturbed.jsonl", lines(papers));
  }

  /**
   * Over the real digests with their dates cleared: a digest's date may come from its file's
   * modification time (day or year), which differs between checkouts; enrichment never reads it.
   */
  @Test
  void shouldEnrichTheRealDigestsAsRecorded() throws IOException {
    Map<String, UniquePaper> unique = new LinkedHashMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), Instant.EPOCH)) {
      unique.putIfAbsent(
          e.getPaperId(),
          UniquePaper.newBuilder(Sightings.first(e))
              .setFirstDigestDate(null)
              .setLastDigestDate(null)
              .build());
    }
    List<String> lines = new ArrayList<>();
    for (UniquePaper p : unique.values()) {
      lines.add(ENRICHER.enrich(p, NOW).toString());
    }

    assertMatchesSnapshot("shared.sha256", List.of(sha256(lines)));
  }

  static List<UniquePaper> generated(int count, long seed) throws IOException {
    List<UniquePaper> papers = new ArrayList<>();
    for (ParsedPaper p :
        new DigestGenerator(count, 1, seed, LocalDate.of(2025, 1, 6)).parseDigest(0)) {
      papers.add(Sightings.first(p.toEvent(Instant.EPOCH)));
    }
    return papers;
  }

  // Fragments whose tokenizing or lower-casing is tricky: non-ASCII letters and digits, letters
  // whose lower case has another length (dotted I) or is ASCII (Kelvin sign), context-dependent
  // lower case (final sigma), surrogate pairs, no-break and em spaces, hyphen and quote variants,
  // stopwords and dataset names in odd case, and links in every form the extractor knows.
  private static final String[] FRAGMENTS = {
    "naïve",
    "Straße",
    "İSTANBUL",
    "\u212Aelvin",
    "ΟΔΥΣΣΕΥΣ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "😀",
    "中文模型",
    "x²",
    "١٢٣",
    "ﬁne-tuning",
    "Models’",
    "text\u2010to\u2011image",
    "state-of-the-art",
    "don't",
    "THE",
    "We",
    "Propose",
    "\u00A0",
    "\u2003",
    "\t",
    "\n",
    "—",
    "–",
    "e.g.",
    "(i)",
    "3D",
    "123",
    "GSM8K",
    "gsm8k",
    "MS-COCO",
    "ImageNet-1k",
    "MATH",
    "GLUE",
    "math",
    "LLMs",
    "Chain-of-Thought",
    "RAG",
    "large language models",
    "diffusion models",
    "reinforcement",
    "https://GitHub.com/Foo/Bar.git).",
    "(github.com/acme/tool)",
    "www.Example.org/project,",
    "hf.co/spaces/x/y",
    "HTTPS://sites.google.com/view/x?y=1",
    "http://[bad",
    "ftp://x.y/z",
    "https://huggingface.co/datasets/a/b.",
    "\"https://x.github.io/p\"",
    "https://a.b:8080/c/",
    "github.com/",
    "www.",
    "https://",
    "<https://x.y/z>",
    "*https://e.com/a_b*",
    "{https://c.d}",
    "https://GITHUB.COM/Owner",
    "http://example.com:80/PROJECT/x?q=(1)]",
    "https://x.y/a(b)c).",
  };

  static String perturb(String text, SplittableRandom random) {
    String[] words = text.split(" ", -1);
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        out.append(random.nextInt(20) == 0 ? "\u00A0" : " ");
      }
      String w = words[i];
      switch (random.nextInt(12)) {
        case 0 -> out.append(w.toUpperCase(java.util.Locale.ROOT));
        case 1 -> out.append(w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1));
        case 2 -> out.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]).append(' ').append(w);
        case 3 -> out.append(w).append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        default -> out.append(w);
      }
    }
    return out.toString();
  }

  /** One JSON line per paper: its id and what enrichment adds to it. */
  static List<String> lines(List<UniquePaper> papers) throws IOException {
    List<String> lines = new ArrayList<>(papers.size());
    for (UniquePaper p : papers) {
      EnrichedPaper e = ENRICHER.enrich(p, NOW);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("paperId", e.getPaperId());
      line.put("topics", e.getTopics());
      line.put("keyphrases", e.getKeyphrases());
      List<String> links = new ArrayList<>();
      for (CodeLink l : e.getCodeLinks()) {
        links.add(l.getKind() + (l.getValid() ? " " : " invalid ") + l.getUrl());
      }
      line.put("codeLinks", links);
      line.put("mentions", e.getMentions());
      line.put("wordCount", e.getWordCount());
      lines.add(JSON.writeValueAsString(line));
    }
    return lines;
  }

  private static void assertMatchesSnapshot(String name, List<String> actual) throws IOException {
    Path file = SNAPSHOTS.resolve(name);
    if (Boolean.getBoolean(RECORD)) {
      Files.createDirectories(SNAPSHOTS);
      Files.write(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("snapshot %s (record it with -D%s=true)", file, RECORD).exists();
    List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> differences = new ArrayList<>();
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(none)";
      String got = i < actual.size() ? actual.get(i) : "(none)";
      if (!want.equals(got) && differences.size() < 5) {
        differences.add("line " + (i + 1) + "\n  snapshot: " + want + "\n  now:      " + got);
      }
    }
    assertThat(differences)
        .as(
            "%s differs from the snapshot %s (re-record it with -D%s=true if intended)",
            name, file, RECORD)
        .isEmpty();
    assertThat(actual).hasSameSizeAs(expected);
  }

  private static String sha256(List<String> lines) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String line : lines) {
      sha.update(line.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
