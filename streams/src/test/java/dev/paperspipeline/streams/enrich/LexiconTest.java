package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {

  private static int[] terms(Lexicon.Matches m) {
    int[] t = Arrays.copyOf(m.terms, m.termCount);
    Arrays.sort(t);
    return t;
  }

  @Test
  void shouldMatchStemPhrasesWhateverThePluralOfTheirFirstWord() {
    Lexicon lexicon = new Lexicon();
    lexicon.addStemPhrase(Tokens.of("language models").stemList(), 7);
    lexicon.addStemPhrase(Tokens.of("agent").stemList(), 3);

    assertThat(terms(lexicon.scan(Tokens.of("Agents and an agent."), null))).containsExactly(3, 3);
    assertThat(terms(lexicon.scan(Tokens.of("Language model, languages models"), null)))
        .containsExactly(7, 7);
    // "agentss" stems to itself, "language" alone is not the phrase
    assertThat(terms(lexicon.scan(Tokens.of("agentss language"), null))).isEmpty();
  }

  @Test
  void shouldMatchExactAliasesAsWrittenAndLowerAliasesInAnyCase() {
    Lexicon lexicon = new Lexicon();
    lexicon.addExactPhrase(List.of("MATH"), "math", 0);
    lexicon.addLowerPhrase(List.of("image", "net"), 1);

    boolean[] found = new boolean[2];
    lexicon.scan(Tokens.of("math on IMAGE Net"), found);
    assertThat(found).containsExactly(false, true);

    boolean[] again = new boolean[2];
    lexicon.scan(Tokens.of("the MATH benchmark, image"), again);
    assertThat(again).containsExactly(true, false);
  }

  @Test
  void shouldFlagStopwordsByTheirLowerCase() {
    Lexicon lexicon = new Lexicon();
    lexicon.addStopword("the");
    lexicon.addStemPhrase(List.of("the"), 0);

    Lexicon.Matches m = lexicon.scan(Tokens.of("The theory of the"), null);
    assertThat(m.stopword).containsExactly(true, false, false, true);
    assertThat(terms(m)).containsExactly(0, 0);
  }
}
