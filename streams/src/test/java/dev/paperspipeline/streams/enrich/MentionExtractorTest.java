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

  @Test
  void shouldKeepCompoundNamesWhole() {
    assertThat(extract("Pretraining at scale", "We train on the LAION-COCO dataset."))
        .containsExactly("LAION-COCO");
  }

  @Test
  void shouldFindTheDatasetsAPaperIntroduces() {
    assertThat(
            extract(
                "Better data for agents",
                "We release Foo-Data, a large corpus of traces, and evaluate on two benchmarks,"
                    + " BarBench and Qux Hard."))
        .containsExactly("Foo-Data", "BarBench", "Qux Hard");
  }

  @Test
  void shouldNotListModelsOrWebAddressesAsData() {
    assertThat(
            extract(
                "Sparse attention",
                "We evaluate on the RULER benchmark with models like Llama-3-8B and Mistral-7B."
                    + " The dataset is at https://github.com/someone123/FooSet."))
        .containsExactly("RULER");
  }

  @Test
  void shouldNotTakeAConceptAcronymForData() {
    assertThat(
            extract(
                "Fine-tuning data",
                "After supervised fine-tuning (SFT), we evaluate on datasets such as SFT and"
                    + " GSM8K."))
        .containsExactly("GSM8K");
  }

  private java.util.List<String> extract(String title, String abstractText) {
    return mentions.extract(Tokens.of(title), Tokens.of(abstractText));
  }
}
