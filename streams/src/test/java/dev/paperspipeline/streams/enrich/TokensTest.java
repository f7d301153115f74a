package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void shouldSplitOnNonAlphanumericsAndRecordJoinsAndBreaks() {
    Tokens t = Tokens.of("Text-to-Image models, (LLMs) are here.");

    assertThat(t.lowerList())
        .containsExactly("text", "to", "image", "models", "llms", "are", "here");
    assertThat(t.stemList()).containsExactly("text", "to", "image", "model", "llm", "are", "here");
    assertThat(t.gap(1)).isEqualTo(Tokens.Gap.JOIN);
    assertThat(t.gap(3)).isEqualTo(Tokens.Gap.SPACE);
    assertThat(t.gap(4)).isEqualTo(Tokens.Gap.BREAK);
    assertThat(t.original(4)).isEqualTo("LLMs");
  }

  @Test
  void shouldStemOnlyPlainPlurals() {
    assertThat(Tokens.stem("agents")).isEqualTo("agent");
    assertThat(Tokens.stem("analysis")).isEqualTo("analysis");
    assertThat(Tokens.stem("process")).isEqualTo("process");
    assertThat(Tokens.stem("corpus")).isEqualTo("corpus");
    assertThat(Tokens.stem("gas")).isEqualTo("gas");
  }

  @Test
  void shouldGiveNoTokensForNullOrPunctuation() {
    assertThat(Tokens.of(null).size()).isZero();
    assertThat(Tokens.of(" -- ,. ").size()).isZero();
  }
}
