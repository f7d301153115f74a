package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopNTest {
  private static final long MON = LocalDate.of(2025, 8, 11).toEpochDay() * TrendWindow.DAY_MS;
  private static final long DAY = TrendWindow.DAY_MS;

  @Test
  void shouldKeepTheExactTopNAsCountsGrow() {
    TopN top = new TopN(TrendKind.TOPIC, TrendWindow.WEEK, MON, 2, null);
    assertThat(top.offer("a", 1)).isTrue();
    assertThat(top.offer("b", 1)).isTrue();
    assertThat(top.offer("c", 1)).isFalse(); // ties go by name: c is third
    assertThat(top.offer("c", 2)).isTrue();
    assertThat(top.entries).extracting(TrendEntry::getName).containsExactly("c", "a");
  }

  @Test
  void shouldCompareAPartialWeekWithTheSameDaysOfThePreviousWeek() {
    TopN top = new TopN(TrendKind.TOPIC, TrendWindow.WEEK, MON, 10, null);
    top.offer("llm", 6);
    long prevMon = MON - 7 * DAY;
    // previous week: 2 on Monday, 1 on Tuesday, 1 on Wednesday, 10 on Friday
    Map<Long, Long> prevDays = Map.of(prevMon, 2L, prevMon + DAY, 1L, prevMon + 2 * DAY, 1L);
    TopN.Counts counts =
        (kind, name, w, start) ->
            w == TrendWindow.WEEK ? (start == prevMon ? 14 : 0) : prevDays.getOrDefault(start, 0L);

    TrendingTopics wednesday = top.ranking(MON + 2 * DAY + 3_600_000, counts);
    TrendingTopics ended = top.ranking(MON + 7 * DAY, counts);

    assertThat(wednesday.getPartial()).isTrue();
    assertThat(wednesday.getEntries())
        .extracting(TrendEntry::getRank, TrendEntry::getPreviousCount, TrendEntry::getGrowth)
        .containsExactly(tuple(1, 4L, 0.5));
    assertThat(ended.getPartial()).isFalse();
    assertThat(ended.getEntries()).extracting(TrendEntry::getPreviousCount).containsExactly(14L);
  }

  @Test
  void shouldCompareADayWithThePreviousDay() {
    long tue = MON + DAY;
    TopN top = new TopN(TrendKind.KEYPHRASE, TrendWindow.DAY, tue, 10, null);
    top.offer("rag", 3);
    TrendingTopics r = top.ranking(tue + 1, (k, n, w, start) -> start == MON ? 2 : 0);
    assertThat(r.getPartial()).isTrue();
    assertThat(r.getEntries().get(0).getPreviousCount()).isEqualTo(2);
    assertThat(r.getEntries().get(0).getGrowth()).isEqualTo(0.5);
  }
}
