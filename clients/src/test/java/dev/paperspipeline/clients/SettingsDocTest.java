package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;

class SettingsDocTest {
  private static final ConfigDef DEF =
      new ConfigDef()
          .define(
              "a.window",
              Type.STRING,
              DurationSetting.format(Duration.ofDays(2)),
              DurationSetting.nonNegative(),
              Importance.HIGH,
              "How long | one day or more.")
          .define("a.count", Type.INT, 3, Range.atLeast(1), Importance.LOW, "How many.")
          .define("a.name", Type.STRING, null, Importance.MEDIUM, "Derived when none.");

  @Test
  void shouldRenderOneMarkdownRowPerSettingInDefinitionOrder() {
    assertThat(SettingsDoc.markdown(DEF))
        .isEqualTo(
            """
            | setting | type | default | valid values | importance | description |
            |---|---|---|---|---|---|
            | `a.window` | duration | `P2D` | >= PT0S (ISO-8601 or 2d, 10m) | high | How long \\| one day or more. |
            | `a.count` | int | `3` | [1,...] | low | How many. |
            | `a.name` | string | none | any | medium | Derived when none. |
            """);
  }

  @Test
  void shouldWrapTheDocumentationUnderEachSettingForHelp() {
    List<String> lines = SettingsDoc.lines(DEF, 20);

    assertThat(lines)
        .containsExactly(
            "a.window (duration, default P2D, >= PT0S (ISO-8601 or 2d, 10m))",
            "    How long | one",
            "    day or more.",
            "a.count (int, default 3, [1,...])",
            "    How many.",
            "a.name (string, default none)",
            "    Derived when",
            "    none.");
  }

  @Test
  void shouldFormatWholeDaysAsDaysAndKeepTheSignOfNegativeDurations() {
    assertThat(DurationSetting.format(Duration.ofDays(90))).isEqualTo("P90D");
    assertThat(DurationSetting.format(Duration.ofDays(-1))).isEqualTo("-P1D");
    assertThat(DurationSetting.format(Duration.ofSeconds(30))).isEqualTo("PT30S");
    assertThat(DurationSetting.format(Duration.ZERO)).isEqualTo("PT0S");
  }

  @Test
  void shouldReadTheShortFormsOfTheCommandLineAsWellAsIso8601() {
    assertThat(DurationSetting.parse("2d")).isEqualTo(Duration.ofDays(2));
    assertThat(DurationSetting.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(DurationSetting.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(DurationSetting.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationSetting.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationSetting.parse("P1D")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationSetting.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
    DurationSetting.nonNegative().ensureValid("a.window", "2d");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DurationSetting.nonNegative().ensureValid("a.window", "2 days"))
        .hasMessageContaining(
            "not a duration, e.g. 2d, 1h, 10m, 30s, 500ms or ISO-8601 P1D, PT30S");
  }
}
