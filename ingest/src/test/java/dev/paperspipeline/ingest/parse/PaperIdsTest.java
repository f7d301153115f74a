package dev.paperspipeline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PaperIdsTest {

  @Test
  void shouldGiveTheSameIdToTitlesThatDifferOnlyInCaseSpacingAndPunctuation() {
    assertThat(PaperIds.of("  SCALING LAWS :  FOR x"))
        .isEqualTo(PaperIds.of("Scaling laws: for X"));
    assertThat(PaperIds.of("Scaling laws: for X")).isNotEqualTo(PaperIds.of("Scaling laws for Y"));
  }

  @Test
  void shouldHashTheNormalizedTitleAsDocumented() throws Exception {
    byte[] sha =
        MessageDigest.getInstance("SHA-256")
            .digest("scaling laws for x".getBytes(StandardCharsets.UTF_8));

    assertThat(PaperIds.normalize("  SCALING LAWS :  FOR x")).isEqualTo("scaling laws for x");
    assertThat(PaperIds.of("  SCALING LAWS :  FOR x"))
        .isEqualTo(HexFormat.of().formatHex(sha, 0, 16))
        .matches("[0-9a-f]{32}");
  }

  @Test
  void shouldApplyNfkcAndFullCaseFolding() {
    // Full-width letters and the "fi" ligature are NFKC-equivalent to plain ASCII.
    assertThat(PaperIds.normalize("Ｅｆﬁｃｉｅｎｔ Models")).isEqualTo("efficient models");
    // Upper-casing first maps the sharp s to SS.
    assertThat(PaperIds.of("Straße Networks")).isEqualTo(PaperIds.of("STRASSE networks"));
    assertThat(PaperIds.normalize("Über—Modelle!!  (v2)")).isEqualTo("über modelle v2");
    assertThat(PaperIds.normalize("多模态 — 推理")).isEqualTo("多模态 推理");
  }
}
