package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyphraseExtractorTest {

  private final KeyphraseExtractor extractor = new KeyphraseExtractor();

  private KeyphraseExtractor.Result extract(String title, String abstractText) {
    return extractor.extract(TokenizedPaper.of(title, abstractText, MiniLmEmbedder.shared()));
  }

  @Test
  void shouldPutThePapersOwnNameFirstAndSetIt() {
    KeyphraseExtractor.Result r =
        extract(
            "Quokkaformer: Sparse Routing for Marsupial Vision",
            "We propose Quokkaformer, a sparse routing transformer for marsupial vision. Sparse"
                + " routing lowers the cost of marsupial vision models.");

    assertThat(r.paperName()).isEqualTo("Quokkaformer");
    assertThat(r.keyphrases()).first().isEqualTo("Quokkaformer");
    assertThat(r.keyphrases()).contains("sparse routing").hasSizeLessThanOrEqualTo(6);
  }

  @Test
  void shouldMergeADefinedAcronymWithItsLongForm() {
    KeyphraseExtractor.Result r =
        extract(
            "Memory-efficient training of transformers",
            "We propose Winner-Take-All Column Row Sampling (WTA-CRS), an unbiased estimator for"
                + " memory-efficient training. WTA-CRS lowers peak memory of transformers.");

    assertThat(r.paperName()).isEqualTo("WTA-CRS");
    assertThat(r.keyphrases()).first().isEqualTo("WTA-CRS");
    assertThat(r.keyphrases()).noneMatch(k -> k.toLowerCase().contains("winner take all"));
  }

  @Test
  void shouldKeepNumbersWholeAndCompoundsTogether() {
    KeyphraseExtractor.Result r =
        extract(
            "Cheap captions",
            "We train on LAION-COCO captions and reach a 2.7× peak memory reduction and a 10x"
                + " speedup over full text-to-image fine-tuning on LAION-COCO.");

    assertThat(r.keyphrases())
        .noneMatch(k -> k.matches(".*\\b(7|7times|10x|1x)\\b.*"))
        .noneMatch(k -> k.equals("COCO") || k.equals("LAION"));
    assertThat(String.join("|", r.keyphrases())).contains("LAION-COCO");
  }

  @Test
  void shouldFoldPluralHyphenAndCaseVariantsIntoOnePhrase() {
    assertThat(PhraseForms.key("Scaling-Laws")).isEqualTo(PhraseForms.key("scaling law"));
    assertThat(PhraseForms.key("domain-specific datasets"))
        .isEqualTo(PhraseForms.key("Domain specific dataset"));
    assertThat(PhraseForms.key("LLMs")).isEqualTo("llm");
    assertThat(PhraseForms.singular("strategies")).isEqualTo("strategy");
    assertThat(PhraseForms.singular("analysis")).isEqualTo("analysis");

    KeyphraseExtractor.Result r =
        extract(
            "Scaling Laws for Quokka Models",
            "Scaling laws of quokka models hold. We fit a scaling law to quokka model sizes.");
    List<String> keys = r.keyphrases().stream().map(PhraseForms::key).toList();
    assertThat(keys).doesNotHaveDuplicates();
    assertThat(r.keyphrases()).contains("scaling law");
  }

  @Test
  void shouldTreatAPhraseSharingHeadAndAllButOneWordAsRedundant() {
    assertThat(
            KeyphraseExtractor.redundant(
                "text to image generative model", "text to image diffusion model"))
        .isTrue();
    assertThat(KeyphraseExtractor.redundant("large language model", "language model")).isTrue();
    assertThat(KeyphraseExtractor.redundant("vision transformer", "video transformer")).isFalse();
    assertThat(KeyphraseExtractor.redundant("sparse mixture of expert", "dense retrieval model"))
        .isFalse();
  }

  @Test
  void shouldRankTheSpecificPhraseAboveTheGenericOne() {
    KeyphraseExtractor.Result r =
        extract(
            "Tokenizer drift in language models",
            "Language models suffer from tokenizer drift. We measure tokenizer drift in language"
                + " models and fix tokenizer drift with byte fallback during training.");

    assertThat(r.keyphrases()).contains("tokenizer drift");
    int generic = r.keyphrases().indexOf("training");
    assertThat(generic < 0 || generic > r.keyphrases().indexOf("tokenizer drift")).isTrue();
  }
}
