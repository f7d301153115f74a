package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * Golden equivalence test of the whole enrichment: thousands of papers are enriched and the SHA-256
 * of every {@link EnrichedPaper#toString()} (all fields, in order) is compared with the value the
 * straightforward implementation gave before the enrich stage was optimized (commit "streams:
 * golden equivalence test of enrichment"). Any change of output, however small, on any paper fails
 * it; an intended change of output must update the expected digests deliberately.
 *
 * <p>Three corpora: papers of {@link DigestGenerator} (what benchmarks and load tests enrich), the
 * same papers perturbed with case changes, Unicode, odd whitespace, punctuation and links (the edge
 * cases of tokenizing, lower-casing and link extraction), and the real shared digests when present.
 */
class EnrichGoldenTest {
  private static final Instant NOW = Instant.parse("2025-08-13T00:00:00Z");
  private static final PaperEnricher ENRICHER = PaperEnricher.loadDefault();

  private static final String GENERATED_SHA256 =
      "7c811340c728561fc0efaf22134f89142508affcd0e2929af756a1d7fd7226dd";
  private static final String PERTURBED_SHA256 =
      "3eb05c772529087ada3424ec53ab1fe09b16b997dd234cd6f42124159cb223ee";
  // Over the real digests with their dates cleared: a digest's date comes from its file's
  // modification time (day or year), which differs between checkouts; enrichment never reads it.
  private static final String SHARED_SHA256 =
      "bbd32f6f22d6734316a89868949f8c67f340e2a7177058342108f7f21d899e55";

  @Test
  void shouldEnrichGeneratedPapersExactlyAsBefore() throws IOException {
    List<UniquePaper> papers = generated(3000, 20250106L);

    assertThat(papers).hasSize(3000);
    assertThat(digest(papers)).isEqualTo(GENERATED_SHA256);
  }

  @Test
  void shouldEnrichPerturbedPapersExactlyAsBefore() throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    List<UniquePaper> papers = new ArrayList<>();
    for (UniquePaper p : generated(3000, 7L)) {
      papers.add(
          UniquePaper.newBuilder(p)
              .setTitle(perturb(p.getTitle(), random))
              .setAbstractText(perturb(p.getAbstractText(), random))
              .build());
    }

    assertThat(papers)
        .as("the perturbation reaches the link extractor")
        .anyMatch(p -> !ENRICHER.enrich(p, NOW).getCodeLinks().isEmpty());
    assertThat(digest(papers)).isEqualTo(PERTURBED_SHA256);
  }

  @Test
  void shouldEnrichTheRealDigestsExactlyAsBefore() {
    Map<String, UniquePaper> unique = new LinkedHashMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), Instant.EPOCH)) {
      unique.putIfAbsent(
          e.getPaperId(),
          UniquePaper.newBuilder(Sightings.first(e))
              .setFirstDigestDate(null)
              .setLastDigestDate(null)
              .build());
    }

    assertThat(digest(List.copyOf(unique.values()))).isEqualTo(SHARED_SHA256);
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

  private static String digest(List<UniquePaper> papers) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (UniquePaper p : papers) {
      sha.update(ENRICHER.enrich(p, NOW).toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
