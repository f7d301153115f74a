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

            No burst passed the threshold this week in topic-bursts.

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
}
