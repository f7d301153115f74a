package dev.paperspipeline.streams.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportRendererTest {

  /** The golden Markdown of the fixture week, reviewed by hand against the fixture's numbers. */
  static String expectedMarkdown() throws Exception {
    try (var in = ReportRendererTest.class.getResourceAsStream("/report/2026-W47.md")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldRenderTheFixtureWeekAsExactMarkdown() throws Exception {
    AnalyticsView view = ReportFixtures.view();
    String md =
        ReportRenderer.render(view.report(ReportFixtures.WEEK), ReportFormat.MD, view.vectors());
    assertThat(md).isEqualTo(expectedMarkdown());
  }

  @Test
  void shouldSayInOneLinePerSectionThatAWeekHasNoData() {
    String md =
        ReportRenderer.render(
            ReportFixtures.view().report(IsoWeek.parse("2026-W40")), ReportFormat.MD);
    assertThat(md)
        .isEqualTo(
            """
            # Weekly report 2026-W40

            Monday 2026-09-28 to Sunday 2026-10-04, from the pipeline's output topics.

            ## Top topics

            No topic ranking for this week in trending-topics.

            ## Rising topics

            No burst this week in topic-bursts: too little baseline. Only 0 of the 4 weeks \
            before had a digest, and a window is scored only when 2 of its baseline windows have \
            data (the defaults), so nothing could pass the threshold.

            ## Emerging phrases

            No emerging phrase this week in emerging-phrases.

            ## Staying power

            No paper came back this week in staying-power.

            ## Open-code share

            No open-code figures for this week in open-code-share.

            ## Input health

            No input health for this week in digest-health.

            ## Similar earlier papers

            No paper named above this week.
            """);
  }

  @Test
  void shouldWriteTheSameSectionsAsHtmlWithEveryTitleEscaped() {
    AnalyticsView view = ReportFixtures.view();
    String html =
        ReportRenderer.render(view.report(ReportFixtures.WEEK), ReportFormat.HTML, view.vectors());
    assertThat(html).startsWith("<!doctype html>\n").endsWith("</html>\n");
    List<String> headings =
        html.lines()
            .filter(l -> l.startsWith("<h2>"))
            .map(l -> l.substring(4, l.length() - 5))
            .toList();
    assertThat(headings).isEqualTo(ReportRenderer.HEADINGS);
    assertThat(html).contains("<h1>Weekly report 2026-W47</h1>");
    assertThat(html)
        .contains("<td>Mamba_2 | faster *state* spaces [2611.00001]</td><td class=\"num\">3</td>");
    assertThat(html).contains("<td>Thu 2026-11-19</td>").contains("MISSING: no digest");
    assertThat(ReportRenderer.h("<a href='x'>&\""))
        .isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
  }

  @Test
  void shouldEscapeMarkdownSoThatATitleCannotBreakATable() {
    assertThat(ReportRenderer.md("a|b *c* _d_ [e](f) <g> #h `i` \\ j\nk"))
        .isEqualTo("a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> #h \\`i\\` \\\\ j k");
  }

  @Test
  void shouldSayNoDigestInsteadOfAZeroWhenTheWeekBeforeHadNone() {
    // the fixture's week and the one before it, seen three weeks later: a gap of two weeks
    AnalyticsView view = AnalyticsView.latest(AnalyticsView.DEFAULT_MAX_WEEKS);
    IsoWeek later = IsoWeek.of(ReportFixtures.MONDAY.plusWeeks(3));
    for (ReportFixtures.Rec r : ReportFixtures.week()) {
      view.accept(r.topic(), r.key(), r.value());
    }
    view.accept(
        dev.paperspipeline.schemas.Topics.TRENDING_TOPICS,
        "TOPIC@WEEK:" + later.monday(),
        ReportFixtures.trending(
            "TOPIC",
            later.monday(),
            true,
            0,
            List.of(
                ReportFixtures.entry(1, "cs.CL", 5, 0), ReportFixtures.entry(2, "cs.LG", 2, 0))));
    String md = ReportRenderer.render(view.report(later), ReportFormat.MD);
    assertThat(md)
        .contains("| 1 | cs.CL | 5 | no digest | - |")
        .contains("| 2 | cs.LG | 2 | no digest | - |")
        .contains(
            "No growth figures: the week before (2026-W49) had no digest, so its counts are"
                + " unknown, not zero; the last earlier week with data is 2026-W47.")
        .doesNotContain("new |");
    // the week before had data: growth as the ranking says
    assertThat(ReportRenderer.render(view.report(ReportFixtures.WEEK), ReportFormat.MD))
        .contains("| 1 | cs.CL | 12 | 9 | +33% |")
        .doesNotContain("| no digest |");
  }

  @Test
  void shouldSayWhenTooLittleBaselineNotTheThresholdKeptEveryBurstOut() {
    AnalyticsView view = ReportFixtures.view();
    // two weeks after the fixture: its two weeks are the baseline, enough to be scored
    IsoWeek later = IsoWeek.of(ReportFixtures.MONDAY.plusWeeks(2));
    java.time.LocalDate day = later.monday();
    view.accept(
        dev.paperspipeline.schemas.Topics.DIGEST_HEALTH,
        day.toString(),
        ReportFixtures.health(day, 1, 3, 0, false, 0));
    assertThat(ReportRenderer.render(view.report(later), ReportFormat.MD))
        .contains(
            "No burst passed the threshold this week in topic-bursts (a surprise of at least 3.0"
                + " by default; 2 of the 4 weeks before had a digest).");
    assertThat(ReportRenderer.render(view.report(IsoWeek.parse("2026-W40")), ReportFormat.MD))
        .contains("too little baseline. Only 0 of the 4 weeks before had a digest");
  }

  @Test
  void shouldCountEveryDayTheInputHealthTableListsWithoutARecord() {
    String md =
        ReportRenderer.render(ReportFixtures.view().report(ReportFixtures.WEEK), ReportFormat.MD);
    long noRecord = md.lines().filter(l -> l.endsWith("| no record |")).count();
    long missing = md.lines().filter(l -> l.endsWith("| MISSING: no digest |")).count();
    assertThat(md)
        .contains(
            "; "
                + missing
                + " day missing (no digest between two that came); "
                + noRecord
                + " days with no record (before the first digest, after the latest, or not"
                + " counted).");
  }

  @Test
  void shouldShowADayWhoseFileWasRejectedWholeAsRejected() {
    AnalyticsView view = ReportFixtures.view();
    java.time.LocalDate saturday = ReportFixtures.MONDAY.plusDays(5);
    dev.paperspipeline.avro.DigestHealth rejected =
        ReportFixtures.health(saturday, 1, 0, 1, false, 0);
    rejected.setRejectedFiles(1);
    view.accept(dev.paperspipeline.schemas.Topics.DIGEST_HEALTH, saturday.toString(), rejected);
    assertThat(ReportRenderer.render(view.report(ReportFixtures.WEEK), ReportFormat.MD))
        .contains("| Sat 2026-11-21 | 1 | 0 | 1 | 0 | 0 | REJECTED: 1 file rejected whole |");
  }
}
