package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionExtractorTest {

  private final MentionExtractor mentions = MentionExtractor.loadDefault();

  @Test
  void shouldFindDatasetsByAliasInListOrder() {
    assertThat(
            mentions.extract(
                Tokens.of("Scaling on ImageNet-1k"),
                Tokens.of("We evaluate on MS-COCO, gsm8k, SWE-bench Verified and HumanEval.")))
        .containsExactly("ImageNet", "COCO", "GSM8K", "HumanEval", "SWE-bench");
  }

  @Test
  void shouldMatchCaseSensitiveNamesOnlyInTheirSpelling() {
    assertThat(mentions.extract(Tokens.of(""), Tokens.of("We do math on MATH and GLUE.")))
        .containsExactly("MATH", "GLUE");
    assertThat(mentions.extract(Tokens.of(""), Tokens.of("math and glue"))).isEmpty();
  }

  @Test
  void shouldNotMatchInsideWords() {
    assertThat(mentions.extract(Tokens.of(""), Tokens.of("cocoa mmlux librispeechy"))).isEmpty();
  }

  @Test
  void shouldReadTheSlashShorthandOfNumberedDatasets() {
    assertThat(mentions.extract(Tokens.of(""), Tokens.of("Results on CIFAR10/100 and MNIST.")))
        .containsExactly("CIFAR-10", "CIFAR-100", "MNIST");
    assertThat(mentions.extract(Tokens.of("CIFAR-10/100"), Tokens.of("")))
        .containsExactly("CIFAR-10", "CIFAR-100");
    assertThat(mentions.extract(Tokens.of(""), Tokens.of("ratio 10/100 of xCIFAR10/100x")))
        .isEmpty();
  }

  @Test
  void shouldFindTheShorthandInTheEnricherToo() {
    PaperEnricher enricher = PaperEnricher.loadDefault();
    var paper =
        PaperEnricherTest.paper(
            "p", "Small images", "On CIFAR10/100.", java.time.LocalDate.of(2025, 8, 12));

    assertThat(enricher.enrich(paper, java.time.Instant.EPOCH).getMentions())
        .containsExactly("CIFAR-10", "CIFAR-100");
  }
}
