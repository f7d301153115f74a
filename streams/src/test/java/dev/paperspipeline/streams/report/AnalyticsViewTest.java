package dev.paperspipeline.streams.report;

import static dev.paperspipeline.streams.report.ReportFixtures.MONDAY;
import static dev.paperspipeline.streams.report.ReportFixtures.WEEK;
import static dev.paperspipeline.streams.report.ReportFixtures.entry;
import static dev.paperspipeline.streams.report.ReportFixtures.health;
import static dev.paperspipeline.streams.report.ReportFixtures.trending;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.schemas.Topics;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class AnalyticsViewTest {

  @Test
  void shouldKeepTheLatestRevisionAndNeverGoBackFromAFinalRanking() {
    AnalyticsView view = AnalyticsView.latest(4);
    String key = "TOPIC@WEEK:" + MONDAY;
    view.accept(Topics.TRENDING_TOPICS, key, ranking(false, 0, 5));
    view.accept(Topics.TRENDING_TOPICS, key, ranking(true, 2, 7));
    // a replayed older revision, then an open update: neither undoes revision 2
    view.accept(Topics.TRENDING_TOPICS, key, ranking(true, 1, 6));
    view.accept(Topics.TRENDING_TOPICS, key, ranking(false, 0, 9));
    TrendingTopics top = view.report(WEEK).topTopics();
    assertThat(top.getRevision()).isEqualTo(2);
    assertThat(top.getEntries().get(0).getCount()).isEqualTo(7);
    view.accept(Topics.TRENDING_TOPICS, key, ranking(true, 3, 8));
    assertThat(view.report(WEEK).topTopics().getEntries().get(0).getCount()).isEqualTo(8);
  }

  private static TrendingTopics ranking(boolean fin, int revision, long count) {
    return trending("TOPIC", MONDAY, fin, revision, List.of(entry(1, "cs.CL", count, 1)));
  }

  @Test
  void shouldIgnoreDayRankingsWhichTheReportDoesNotShow() {
    AnalyticsView view = AnalyticsView.latest(4);
    TrendingTopics day = ranking(false, 0, 3);
    day.setWindow("DAY");
    assertThat(view.accept(Topics.TRENDING_TOPICS, "TOPIC@DAY:" + MONDAY, day)).isFalse();
    assertThat(view.weeks()).isEmpty();
    assertThat(view.accepted()).isZero();
  }

  @Test
  void shouldKeepOnlyTheLatestWeeksWithData() {
    AnalyticsView view = AnalyticsView.latest(2);
    for (int week = 0; week < 5; week++) {
      LocalDate d = MONDAY.plusWeeks(week);
      view.accept(Topics.DIGEST_HEALTH, d.toString(), health(d, 1, 3, 0, false, 0));
    }
    // an old week arriving late does not push out a newer one
    LocalDate old = MONDAY.minusWeeks(3);
    assertThat(view.accept(Topics.DIGEST_HEALTH, old.toString(), health(old, 1, 3, 0, false, 0)))
        .isFalse();
    assertThat(view.weeks())
        .containsExactly(IsoWeek.of(MONDAY.plusWeeks(4)), IsoWeek.of(MONDAY.plusWeeks(3)));
    assertThat(view.latestWeek()).contains(IsoWeek.of(MONDAY.plusWeeks(4)));
    assertThat(view.accepted()).isEqualTo(5);
  }

  @Test
  void shouldKeepOnlyTheAskedWeekWhenMadeForOne() {
    AnalyticsView view = AnalyticsView.ofWeek(WEEK);
    int kept = 0;
    for (ReportFixtures.Rec r : ReportFixtures.week()) {
      kept += view.accept(r.topic(), r.key(), r.value()) ? 1 : 0;
    }
    // every fixture record but the week before's ranking and burst
    assertThat(kept).isEqualTo(ReportFixtures.week().size() - 2);
    assertThat(view.weeks()).containsExactly(WEEK);
    assertThat(view.report(WEEK)).isEqualTo(ReportFixtures.view().report(WEEK));
  }

  @Test
  void shouldShowTheLatestRecordOfAnEmergingPhraseAsOfTheWeek() {
    WeeklyReport r = ReportFixtures.view().report(WEEK);
    assertThat(r.emerging()).hasSize(2);
    assertThat(r.emerging().get(0).getPhrase()).isEqualTo("state space models");
    assertThat(r.emerging().get(0).getAsOfDate()).isEqualTo(MONDAY.plusDays(4));
    assertThat(r.emerging().get(0).getPapers()).isEqualTo(3);
  }

  @Test
  void shouldForgetADigestDateOnItsTombstone() {
    AnalyticsView view = ReportFixtures.view();
    assertThat(view.accept(Topics.DIGEST_HEALTH, MONDAY.toString(), null)).isFalse();
    List<DigestHealth> known =
        view.report(WEEK).health().values().stream().filter(Objects::nonNull).toList();
    assertThat(known).hasSize(4);
    assertThat(view.report(WEEK).health().get(MONDAY)).isNull();
  }

  @Test
  void shouldListTheWeeksHoldingPapersAndNeverAWeekOfMissingDatesAlone() {
    AnalyticsView view = AnalyticsView.latest(3);
    LocalDate first = MONDAY.minusWeeks(40);
    view.accept(
        Topics.TRENDING_TOPICS,
        "TOPIC@WEEK:" + first,
        trending("TOPIC", first, true, 0, List.of()));
    view.accept(Topics.DIGEST_HEALTH, first.toString(), health(first, 1, 30, 0, false, 0));
    // 39 weeks without a digest: digest-health marks each of their dates missing
    for (LocalDate d = first.plusDays(1); d.isBefore(MONDAY); d = d.plusDays(1)) {
      view.accept(Topics.DIGEST_HEALTH, d.toString(), health(d, 0, 0, 0, true, 0));
    }
    view.accept(Topics.DIGEST_HEALTH, MONDAY.toString(), health(MONDAY, 1, 20, 0, false, 273));
    assertThat(view.weeks()).containsExactly(WEEK, IsoWeek.of(first));
    assertThat(view.latestWeek()).contains(WEEK);
    assertThat(view.report(IsoWeek.of(first)).topTopics()).isNotNull();
    // a missing date shows where it falls, in its week's input health
    LocalDate gap = MONDAY.minusWeeks(1).plusDays(2);
    assertThat(view.report(IsoWeek.of(gap)).health().get(gap).getMissing()).isTrue();
    assertThat(view.report(WEEK).lastWeekWithDataBefore()).isEqualTo(IsoWeek.of(first));
  }
}
