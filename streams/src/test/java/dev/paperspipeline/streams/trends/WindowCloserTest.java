package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WindowCloserTest {
  private static final long DAY = TrendWindow.DAY_MS;
  private static final long MON = LocalDate.of(2025, 8, 11).toEpochDay() * DAY;

  private final WindowCloser closer =
      new WindowCloser(TestStores.strings("open"), Duration.ofDays(1));

  @Test
  void shouldCloseEachWindowOnceWhenTheClockPassesItsEndPlusGrace() {
    closer.opened(TrendKind.TOPIC, TrendWindow.DAY, MON);
    closer.opened(TrendKind.TOPIC, TrendWindow.WEEK, MON);
    closer.storeClock(MON + 3 * DAY);

    assertThat(closer.closeDue(MON + 2 * DAY - 1)).isEmpty();
    assertThat(closer.closeDue(MON + 2 * DAY))
        .containsExactly(new WindowCloser.Window(TrendKind.TOPIC, TrendWindow.DAY, MON));
    assertThat(closer.isOpen(TrendKind.TOPIC, TrendWindow.DAY, MON)).isFalse();
    assertThat(closer.isOpen(TrendKind.TOPIC, TrendWindow.WEEK, MON)).isTrue();
    assertThat(closer.closeDue(MON + 8 * DAY))
        .containsExactly(new WindowCloser.Window(TrendKind.TOPIC, TrendWindow.WEEK, MON));
    assertThat(closer.closeDue(MON + 100 * DAY)).isEmpty();
    assertThat(closer.closeDue(EventClock.NONE)).isEmpty();
    // the persisted clock is not a window
    assertThat(closer.storedClock()).isEqualTo(MON + 3 * DAY);
  }
}
