package dev.paperspipeline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.MonthDay;
import org.junit.jupiter.api.Test;

class DigestDatesTest {

  private static MonthDay line(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return DigestDates.parseDateLine(b, 0, b.length);
  }

  @Test
  void shouldRecognizeMonthDayLinesOnly() {
    assertThat(line("Aug 12")).isEqualTo(MonthDay.of(8, 12));
    assertThat(line("August 1")).isEqualTo(MonthDay.of(8, 1));
    assertThat(line("Sept 3")).isEqualTo(MonthDay.of(9, 3));
    assertThat(line("dec 31")).isEqualTo(MonthDay.of(12, 31));
    assertThat(line("Feb 30")).isNull();
    assertThat(line("Aug 123")).isNull();
    assertThat(line("Augu 12")).isNull();
    assertThat(line("Subscribe")).isNull();
    assertThat(line("Aug 12 Transformers")).isNull();
  }

  @Test
  void shouldFindDatesInFileNames() {
    assertThat(DigestDates.fromFileName("digest-2025-08-12.txt"))
        .isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(DigestDates.fromFileName("20250812_daily.txt")).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(DigestDates.fromFileName("x_2025_01_06.txt")).isEqualTo(LocalDate.of(2025, 1, 6));
    assertThat(DigestDates.fromFileName("000_0c6c2a9d85e995b8.txt")).isNull();
    assertThat(DigestDates.fromFileName("id-120250812.txt")).isNull();
    assertThat(DigestDates.fromFileName("digest-2025-13-40.txt")).isNull();
  }

  @Test
  void shouldPutFarFutureDatesInThePreviousYear() {
    LocalDate ref = LocalDate.of(2025, 1, 5);
    assertThat(DigestDates.infer(MonthDay.of(12, 30), ref, 30))
        .isEqualTo(LocalDate.of(2024, 12, 30));
    assertThat(DigestDates.infer(MonthDay.of(1, 30), ref, 30)).isEqualTo(LocalDate.of(2025, 1, 30));
    assertThat(DigestDates.infer(MonthDay.of(2, 5), ref, 30)).isEqualTo(LocalDate.of(2024, 2, 5));
    assertThat(DigestDates.infer(MonthDay.of(2, 29), LocalDate.of(2025, 3, 10), 30))
        .isEqualTo(LocalDate.of(2024, 2, 29));
  }

  @Test
  void shouldChooseTheLatestDateNotAfterTheReferenceWithTheDefaultDayOfTolerance() {
    LocalDate mtime = LocalDate.of(2025, 1, 5);
    int tolerance = ParserOptions.DEFAULT_FUTURE_TOLERANCE_DAYS;
    assertThat(DigestDates.infer(MonthDay.of(1, 5), mtime, tolerance)).isEqualTo(mtime);
    assertThat(DigestDates.infer(MonthDay.of(1, 6), mtime, tolerance))
        .isEqualTo(LocalDate.of(2025, 1, 6));
    assertThat(DigestDates.infer(MonthDay.of(1, 7), mtime, tolerance))
        .isEqualTo(LocalDate.of(2024, 1, 7));
  }
}
