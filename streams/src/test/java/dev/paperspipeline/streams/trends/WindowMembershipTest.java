package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowMembershipTest {
  private static final long MON = LocalDate.of(2025, 8, 11).toEpochDay() * TrendWindow.DAY_MS;

  private final WindowMembership membership = new WindowMembership(TestStores.members("members"));

  private static TrendHit hit(String paper, long day, String... names) {
    return new TrendHit(TrendKind.TOPIC, day, paper, "Title " + paper, List.of(names));
  }

  @Test
  void shouldAdmitOnlyNamesAPaperWasNotYetCountedUnderOnItsDay() {
    assertThat(membership.admit(hit("p1", MON, "llm", "agents", "llm")))
        .containsExactly("llm", "agents");
    assertThat(membership.admit(hit("p1", MON, "llm"))).isEmpty();
    assertThat(membership.admit(hit("p1", MON, "llm", "code"))).containsExactly("code");
    assertThat(membership.admit(hit("p1", MON + TrendWindow.DAY_MS, "llm"))).containsExactly("llm");
  }

  @Test
  void shouldDeriveTheCountsOfADayAndOfAWeekFromItsDays() {
    membership.admit(hit("p1", MON, "llm", "agents"));
    membership.admit(hit("p2", MON, "llm"));
    membership.admit(hit("p3", MON + 6 * TrendWindow.DAY_MS, "llm"));
    membership.admit(hit("p4", MON + 7 * TrendWindow.DAY_MS, "llm")); // next week

    assertThat(membership.countsOf(TrendKind.TOPIC, TrendWindow.DAY, MON))
        .isEqualTo(Map.of("llm", 2L, "agents", 1L));
    assertThat(membership.countsOf(TrendKind.TOPIC, TrendWindow.WEEK, MON))
        .isEqualTo(Map.of("llm", 3L, "agents", 1L));
    assertThat(membership.countsOf(TrendKind.KEYPHRASE, TrendWindow.WEEK, MON)).isEmpty();
  }
}
