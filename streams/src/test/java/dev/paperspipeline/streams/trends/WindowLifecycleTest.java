package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class WindowLifecycleTest {
  private static final long DAY = TrendWindow.DAY_MS;
  private static final long MON = LocalDate.of(2025, 8, 11).toEpochDay() * DAY;

  private final KeyValueStore<String, String> windows = TestStores.strings("windows");
  private final KeyValueStore<String, String> dirty = TestStores.strings("dirty");

  private WindowLifecycle lifecycle() {
    return new WindowLifecycle(windows, dirty, Duration.ofDays(1), Duration.ofDays(1));
  }

  @Test
  void shouldCloseEachWindowOnceWhenTheClockPassesItsEndPlusGrace() {
    WindowLifecycle lifecycle = lifecycle();
    WindowLifecycle.Window day = new WindowLifecycle.Window("TOPIC", TrendWindow.DAY, MON);
    WindowLifecycle.Window week = new WindowLifecycle.Window("TOPIC", TrendWindow.WEEK, MON);
    lifecycle.open(day);
    lifecycle.open(week);
    lifecycle.observe(MON + 3 * DAY, MON + 3 * DAY);

    assertThat(lifecycle.closeDue(MON + 2 * DAY - 1)).isEmpty();
    assertThat(lifecycle.closeDue(MON + 2 * DAY)).containsExactly(day);
    assertThat(lifecycle.isOpen(day)).isFalse();
    assertThat(lifecycle.isClosed(day)).isTrue();
    assertThat(lifecycle.isOpen(week)).isTrue();
    // a later paper revises a closed window: it does not open it again
    lifecycle.open(day);
    assertThat(lifecycle.isOpen(day)).isFalse();
    assertThat(lifecycle.closeDue(MON + 8 * DAY)).containsExactly(week);
    assertThat(lifecycle.closeDue(MON + 100 * DAY)).isEmpty();
    assertThat(lifecycle.closeDue(EventClock.NONE)).isEmpty();
    // the persisted clock is not a window, and survives a restart
    WindowLifecycle revived = lifecycle();
    revived.restore(MON + 3 * DAY);
    assertThat(revived.now(MON + 3 * DAY)).isEqualTo(MON + 3 * DAY);
  }

  @Test
  void shouldKeepUnemittedKeysInItsStoreUntilEmittedSoARestartFindsThem() {
    WindowLifecycle lifecycle = lifecycle();
    lifecycle.mark("TOPIC@DAY:2025-08-12");
    lifecycle.mark("TOPIC@DAY:2025-08-12");
    lifecycle.mark("TOPIC@WEEK:2025-08-11");
    assertThat(dirty.approximateNumEntries()).isEqualTo(2);

    // a restart before the emission: a new instance over the same stores
    WindowLifecycle revived = lifecycle();
    assertThat(revived.restore(0))
        .containsExactlyInAnyOrder("TOPIC@DAY:2025-08-12", "TOPIC@WEEK:2025-08-11");
    assertThat(revived.marked()).containsExactly("TOPIC@DAY:2025-08-12", "TOPIC@WEEK:2025-08-11");

    revived.emitted();
    assertThat(revived.nothingMarked()).isTrue();
    assertThat(lifecycle().restore(0)).isEmpty();
  }

  @Test
  void shouldParseTheWindowKeysItMakes() {
    WindowLifecycle.Window w = new WindowLifecycle.Window("KEYPHRASE", TrendWindow.WEEK, MON);
    assertThat(w.key()).isEqualTo("KEYPHRASE@WEEK:2025-08-11");
    assertThat(WindowLifecycle.Window.parse(w.key())).isEqualTo(w);
  }
}
