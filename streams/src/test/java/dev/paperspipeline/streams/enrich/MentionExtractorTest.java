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
}
