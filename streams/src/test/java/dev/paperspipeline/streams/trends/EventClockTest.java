package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventClockTest {
  private static final long DAY = TrendWindow.DAY_MS;
  private static final long WALL = 1_000 * DAY;

  @Test
  void shouldAdvanceWithTheWallClockSinceTheLastEventAndNeverGoBack() {
    EventClock clock = new EventClock(Duration.ofDays(1));
    assertThat(clock.now(WALL)).isEqualTo(EventClock.NONE);

    assertThat(clock.observe(500 * DAY, WALL)).isTrue();
    assertThat(clock.now(WALL)).isEqualTo(500 * DAY);
    assertThat(clock.now(WALL + 3_000)).isEqualTo(500 * DAY + 3_000);
    assertThat(clock.observe(400 * DAY, WALL + 4_000)).isFalse();
    assertThat(clock.now(WALL + 4_000)).isEqualTo(500 * DAY + 4_000);
    assertThat(clock.toPersist()).isEqualTo(500 * DAY);
    assertThat(clock.toPersist()).isNull();
  }

  @Test
  void shouldNeverRunAheadOfTheWallClockByMoreThanTheSkew() {
    EventClock clock = new EventClock(Duration.ofDays(1));
    clock.observe(WALL + 900 * DAY, WALL);
    assertThat(clock.now(WALL)).isEqualTo(WALL + DAY);
    assertThat(clock.now(WALL + 10)).isEqualTo(WALL + DAY + 10);
  }

  @Test
  void shouldRestoreThePersistedHighWater() {
    EventClock clock = new EventClock(Duration.ofDays(1));
    clock.restore(300 * DAY, WALL);
    assertThat(clock.now(WALL + 5)).isEqualTo(300 * DAY + 5);
    assertThat(clock.toPersist()).isNull();
  }
}
