package dev.paperspipeline.streams.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IsoWeekTest {

  @Test
  void shouldParseAWeekAndKnowItsSevenDates() {
    IsoWeek w = IsoWeek.parse("2026-W47");
    assertThat(w.monday()).isEqualTo(LocalDate.parse("2026-11-16"));
    assertThat(w.sunday()).isEqualTo(LocalDate.parse("2026-11-22"));
    assertThat(w.dates()).hasSize(7).startsWith(w.monday()).endsWith(w.sunday());
    assertThat(w.toString()).isEqualTo("2026-W47");
    assertThat(IsoWeek.parse("2026-w7")).isEqualTo(new IsoWeek(2026, 7));
  }

  @Test
  void shouldPutDatesAtTheTurnOfTheYearInTheirWeekBasedYear() {
    assertThat(IsoWeek.of(LocalDate.parse("2026-12-31")).toString()).isEqualTo("2026-W53");
    assertThat(IsoWeek.of(LocalDate.parse("2027-01-03")).toString()).isEqualTo("2026-W53");
    assertThat(IsoWeek.of(LocalDate.parse("2025-12-29")).toString()).isEqualTo("2026-W01");
    assertThat(IsoWeek.parse("2026-W01").monday()).isEqualTo(LocalDate.parse("2025-12-29"));
  }

  @Test
  void shouldRefuseWhatIsNotAWeekNamingTheExpectedForm() {
    assertThatThrownBy(() -> IsoWeek.parse("2026-47"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a week is written YYYY-Www, e.g. 2026-W47, not '2026-47'");
    assertThatThrownBy(() -> IsoWeek.parse("2025-W53"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("week 53 does not exist in 2025 (it has weeks 1 to 52)");
    assertThatThrownBy(() -> IsoWeek.parse("2026-W00"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
