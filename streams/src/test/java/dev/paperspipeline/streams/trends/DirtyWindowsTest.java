package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class DirtyWindowsTest {
  @Test
  void shouldKeepUnemittedWindowsInItsStoreUntilEmittedSoARestartFindsThem() {
    KeyValueStore<String, String> store = TestStores.strings("dirty");
    DirtyWindows dirty = new DirtyWindows(store);
    dirty.mark("TOPIC@DAY:2025-08-12");
    dirty.mark("TOPIC@DAY:2025-08-12");
    dirty.mark("TOPIC@WEEK:2025-08-11");
    assertThat(store.approximateNumEntries()).isEqualTo(2);

    // a restart before the emission: a new instance over the same store
    DirtyWindows revived = new DirtyWindows(store);
    assertThat(revived.leftOver())
        .containsExactlyInAnyOrder("TOPIC@DAY:2025-08-12", "TOPIC@WEEK:2025-08-11");
    assertThat(revived.isEmpty()).isFalse();

    revived.emitted();
    assertThat(revived.isEmpty()).isTrue();
    assertThat(new DirtyWindows(store).leftOver()).isEmpty();
  }

  @Test
  void shouldParseTheWindowKeysItKeeps() {
    assertThat(TrendsProcessor.parseWindowKey("KEYPHRASE@WEEK:2025-08-11"))
        .isEqualTo(
            new WindowCloser.Window(
                TrendKind.KEYPHRASE,
                TrendWindow.WEEK,
                java.time.LocalDate.of(2025, 8, 11).toEpochDay() * TrendWindow.DAY_MS));
  }
}
