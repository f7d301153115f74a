package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexiconTest {

  private static int[] sorted(int[] hits) {
    int[] t = hits.clone();
    Arrays.sort(t);
    return t;
  }

  @Test
  void shouldMatchStemPhrasesWhateverThePluralOfTheirFirstWord() {
    Lexicon lexicon = new Lexicon();
    lexicon.addStems(Tokens.of("language models").stemList(), 7);
    lexicon.addStems(Tokens.of("agent").stemList(), 3);

    assertThat(sorted(lexicon.scan(Tokens.of("Agents and an agent.")))).containsExactly(3, 3);
    assertThat(sorted(lexicon.scan(Tokens.of("Language model, languages models"))))
        .containsExactly(7, 7);
    // "agentss" stems to itself, "language" alone is not the phrase
    assertThat(lexicon.scan(Tokens.of("agentss language"))).isEmpty();
  }

  @Test
  void shouldMatchExactPhrasesAsWrittenAndLowerPhrasesInAnyCase() {
    Lexicon lexicon = new Lexicon();
    lexicon.addExact(List.of("MATH"), "math", 0);
    lexicon.addLower(List.of("image", "net"), 1);

    assertThat(lexicon.scan(Tokens.of("math on IMAGE Net"))).containsExactly(1);
    assertThat(lexicon.scan(Tokens.of("the MATH benchmark, image"))).containsExactly(0);
  }

  @Test
  void shouldMarkTheWordsOfASetByTheirLowerCase() {
    Lexicon stopwords = new Lexicon();
    stopwords.addWord("the");
    stopwords.addWord("of");
    Tokens t = Tokens.of("The theory of the");

    assertThat(stopwords.marks(t)).containsExactly(true, false, true, true);
    assertThat(stopwords.matchesAt(t, 0)).isTrue();
    assertThat(stopwords.matchesAt(t, 1)).isFalse();
  }

  @Test
  void shouldReportEveryPhraseFiledUnderTheSameWord() {
    Lexicon lexicon = new Lexicon();
    for (int k = 0; k < 40; k++) {
      lexicon.addLower(List.of("w" + k), 100 + k); // grows the table past a rehash
    }
    lexicon.addLower(List.of("deep"), 1);
    lexicon.addLower(List.of("deep", "learning"), 2);
    lexicon.addExact(List.of("Deep", "Learning"), "deep", 3);

    assertThat(sorted(lexicon.scan(Tokens.of("Deep Learning and deep learning w39"))))
        .containsExactly(1, 1, 2, 2, 3, 139);
  }
}
