package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.UniquePaper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the tokenizer: {@link Tokens} (ranges, hashes and ASCII fast paths) against
 * the straightforward code point tokenizer it replaced, kept here as the reference, on edge cases
 * and on perturbed generated papers (see {@link EnrichGoldenTest}).
 */
class TokensEquivalenceTest {

  /** The original tokenizer: every token as original, lower case, stem and gap. */
  private static List<String> reference(String text) {
    List<String> out = new ArrayList<>();
    int n = text.length();
    int i = 0;
    Tokens.Gap gap = Tokens.Gap.BREAK;
    while (i < n) {
      int cp = text.codePointAt(i);
      if (Character.isLetterOrDigit(cp)) {
        int start = i;
        while (i < n) {
          int c = text.codePointAt(i);
          if (!Character.isLetterOrDigit(c)) {
            break;
          }
          i += Character.charCount(c);
        }
        String word = text.substring(start, i);
        String lc = word.toLowerCase(Locale.ROOT);
        out.add(word + "|" + lc + "|" + Tokens.stem(lc) + "|" + gap);
        gap = Tokens.Gap.SPACE;
      } else {
        if (cp == '-' || cp == '\'' || cp == '\u2019' || cp == '\u2010' || cp == '\u2011') {
          if (gap == Tokens.Gap.SPACE) {
            gap = Tokens.Gap.JOIN;
          }
        } else if (!Character.isWhitespace(cp)) {
          gap = Tokens.Gap.BREAK;
        }
        i += Character.charCount(cp);
      }
    }
    return out;
  }

  private static List<String> actual(Tokens t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.original(i) + "|" + t.lower(i) + "|" + t.stem(i) + "|" + t.gap(i));
    }
    return out;
  }

  private static void assertSame(String text) {
    Tokens t = Tokens.of(text);
    assertThat(actual(t)).as(text).isEqualTo(reference(text));
    assertThat(t.wordCount()).as(text).isEqualTo(ReferenceWordCount.of(text));
    for (int i = 0; i < t.size(); i++) {
      for (Tokens.Form form : Tokens.Form.values()) {
        String word =
            switch (form) {
              case ORIGINAL -> t.original(i);
              case LOWER -> t.lower(i);
              case STEM -> t.stem(i);
            };
        assertThat(t.hashes(form)[i]).as("%s hash of %s", form, word).isEqualTo(word.hashCode());
        assertThat(t.is(form, i, word)).as("%s of %s", form, word).isTrue();
      }
    }
  }

  @Test
  void shouldTokenizeEdgeCasesAsTheReferenceTokenizer() {
    for (String text :
        List.of(
            "",
            "a",
            "Is",
            "GAS gas Gas analysis ANALYSIS Corpus LLMs llms",
            "İSTANBUL \u212Aelvin ΟΔΥΣΣΕΥΣ ΣΟΦΟΣ Straße naïve x² ١٢٣ ﬁne",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 a𝔘b 😀 \uD800 lone\uDC00surrogate 中文模型",
            "text\u2010to\u2011image Models’ don't -- ,. \u00A0nbsp\u2003em\ttab\nnl",
            "e.g. (i) 3D 123 4o GSM8K MS-COCO ImageNet-1k https://GitHub.com/Foo/Bar.git).")) {
      assertSame(text);
    }
  }

  @Test
  void shouldTokenizePerturbedPapersAsTheReferenceTokenizer() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (UniquePaper p : EnrichGoldenTest.generated(300, 3L)) {
      assertSame(EnrichGoldenTest.perturb(p.getTitle(), random));
      assertSame(EnrichGoldenTest.perturb(p.getAbstractText(), random));
    }
  }
}
