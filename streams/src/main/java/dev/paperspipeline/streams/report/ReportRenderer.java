package dev.paperspipeline.streams.report;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.streams.analytics.BurstOptions;
import dev.paperspipeline.streams.report.ReportDocument.Bullets;
import dev.paperspipeline.streams.report.ReportDocument.Item;
import dev.paperspipeline.streams.report.ReportDocument.Paragraph;
import dev.paperspipeline.streams.report.ReportDocument.Section;
import dev.paperspipeline.streams.report.ReportDocument.Table;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link WeeklyReport} as one page, one heading per section in this order: top topics,
 * rising topics, emerging phrases, staying power, open-code share, input health, similar earlier
 * papers. A section without data says so in one line. The output depends only on the report and the
 * embeddings (no clock, no locale, not the order the embeddings were read), so equal reports render
 * to equal text. Shared by {@code papers report} and the dashboard's {@code /report}.
 */
public final class ReportRenderer {
  /** Ranked topics shown from the week's ranking. */
  public static final int TOP_TOPICS = 10;

  /** Keyphrases named in the line under the topics. */
  public static final int TOP_KEYPHRASES = 10;

  /** Bursts shown of each window (the week's, each day's, the closing month's). */
  public static final int BURSTS_PER_WINDOW = 10;

  /** Papers named under each burst. */
  public static final int PAPERS_PER_BURST = 5;

  /** Emerging phrases shown. */
  public static final int EMERGING = 15;

  /** Example papers named per emerging phrase. */
  public static final int EXAMPLES_PER_PHRASE = 2;

  /** Papers shown of the staying-power ranking. */
  public static final int STAYING = 10;

  /** Topics shown in the open-code table. */
  public static final int OPEN_CODE_TOPICS = 20;

  /** Papers named in the report that get their similar earlier papers, in order of appearance. */
  public static final int SIMILAR_FOR = 20;

  /** Similar earlier papers shown per paper. */
  public static final int SIMILAR = 5;

  /** Section headings, in order. */
  public static final List<String> HEADINGS =
      List.of(
          "Top topics",
          "Rising topics",
          "Emerging phrases",
          "Staying power",
          "Open-code share",
          "Input health",
          "Similar earlier papers");

  private ReportRenderer() {}

  /** The report in {@code format}, ending with a newline, without similar papers. */
  public static String render(WeeklyReport report, ReportFormat format) {
    return render(report, format, new PaperVectors());
  }

  /**
   * The report in {@code format}, ending with a newline; the papers it names get their most similar
   * earlier papers among {@code vectors}.
   */
  public static String render(WeeklyReport report, ReportFormat format, PaperVectors vectors) {
    ReportDocument doc = document(report, vectors);
    return format == ReportFormat.HTML ? html(doc) : markdown(doc);
  }

  static ReportDocument document(WeeklyReport r) {
    return document(r, new PaperVectors());
  }

  static ReportDocument document(WeeklyReport r, PaperVectors vectors) {
    ReportDocument doc =
        new ReportDocument(
            "Weekly report " + r.week(),
            "Monday "
                + r.week().monday()
                + " to Sunday "
                + r.week().sunday()
                + ", from the pipeline's output topics.");
    topTopics(doc.section(HEADINGS.get(0)), r);
    bursts(doc.section(HEADINGS.get(1)), r);
    emerging(doc.section(HEADINGS.get(2)), r);
    staying(doc.section(HEADINGS.get(3)), r.stayingPower());
    openCode(doc.section(HEADINGS.get(4)), r.openCode());
    health(doc.section(HEADINGS.get(5)), r);
    similar(doc.section(HEADINGS.get(6)), r, vectors);
    return doc;
  }

  private static void topTopics(Section s, WeeklyReport r) {
    // the week before without a digest is a gap, not a week of zeros: no growth against it
    boolean compared = r.previousWeekHadDigest();
    TrendingTopics t = r.topTopics();
    if (t == null || t.getEntries().isEmpty()) {
      s.blocks().add(new Paragraph("No topic ranking for this week in trending-topics."));
    } else {
      s.blocks().add(new Paragraph("Papers per topic this week, " + status(t) + "."));
      List<List<String>> rows = new ArrayList<>();
      for (TrendEntry e : t.getEntries().subList(0, Math.min(TOP_TOPICS, t.getEntries().size()))) {
        rows.add(
            List.of(
                String.valueOf(e.getRank()),
                e.getName(),
                String.valueOf(e.getCount()),
                compared ? String.valueOf(e.getPreviousCount()) : "no digest",
                compared ? growth(e.getGrowth()) : "-"));
      }
      s.blocks()
          .add(
              new Table(
                  List.of("#", "Topic", "Papers", "Previous week", "Growth"),
                  List.of(true, false, true, true, true),
                  rows));
    }
    TrendingTopics k = r.topKeyphrases();
    if (k != null && !k.getEntries().isEmpty()) {
      s.blocks()
          .add(
              new Paragraph(
                  "Top keyphrases: "
                      + k
                          .getEntries()
                          .subList(0, Math.min(TOP_KEYPHRASES, k.getEntries().size()))
                          .stream()
                          .map(
                              e ->
                                  e.getName()
                                      + " ("
                                      + e.getCount()
                                      + (compared ? ", " + growth(e.getGrowth()) : "")
                                      + ")")
                          .collect(Collectors.joining(", "))
                      + "."));
    }
    if (!compared && (t != null || k != null)) {
      IsoWeek before = IsoWeek.of(r.week().monday().minusWeeks(1));
      IsoWeek last = r.lastWeekWithDataBefore();
      s.blocks()
          .add(
              new Paragraph(
                  "No growth figures: the week before ("
                      + before
                      + ") had no digest, so its counts are unknown, not zero; "
                      + (last == null
                          ? "no earlier week has data."
                          : "the last earlier week with data is " + last + ".")));
    }
  }

  private static String status(TrendingTopics t) {
    if (t.getFinal$()) {
      return t.getRevision() == 0 ? "final" : "final, revision " + t.getRevision();
    }
    return t.getPartial()
        ? "week still open (partial: growth compares the same elapsed days of the week before)"
        : "week still open";
  }

  private static String growth(Double g) {
    if (g == null) {
      return "new";
    }
    String pct = String.format(Locale.ROOT, "%+.0f%%", g * 100);
    // a growth that rounds to nothing reads as no change, without a sign
    return pct.equals("+0%") || pct.equals("-0%") ? "0%" : pct;
  }

  private static void bursts(Section s, WeeklyReport r) {
    if (r.bursts().isEmpty()) {
      int needed = BurstOptions.DEFAULT_MIN_BASELINE_WINDOWS;
      int weeks = BurstOptions.DEFAULT_WEEK_BASELINE;
      s.blocks()
          .add(
              new Paragraph(
                  r.baselineWeeksWithData() < needed
                      ? "No burst this week in topic-bursts: too little baseline. Only "
                          + r.baselineWeeksWithData()
                          + " of the "
                          + weeks
                          + " weeks before had a digest, and a window is scored only when "
                          + needed
                          + " of its baseline windows have data (the defaults), so nothing could"
                          + " pass the threshold."
                      : "No burst passed the threshold this week in topic-bursts (a surprise of at"
                          + " least "
                          + String.format(Locale.ROOT, "%.1f", BurstOptions.DEFAULT_MIN_SCORE)
                          + " by default; "
                          + r.baselineWeeksWithData()
                          + " of the "
                          + weeks
                          + " weeks before had a digest)."));
      return;
    }
    s.blocks()
        .add(
            new Paragraph(
                "Topics and keyphrases whose count is surprising against their own trailing"
                    + " baseline (surprise = -log10 of the Poisson tail probability), with the"
                    + " papers behind them."));
    Map<String, List<TopicBurst>> byWindow = new java.util.LinkedHashMap<>();
    for (TopicBurst b : r.bursts()) {
      TrendWindow window = TrendWindow.valueOf(b.getWindow());
      String label =
          window == TrendWindow.DAY
              ? dayLabel(LocalDate.ofInstant(b.getWindowStart(), ZoneOffset.UTC))
              : "The " + window.noun();
      byWindow.computeIfAbsent(label, x -> new ArrayList<>()).add(b);
    }
    List<Item> items = new ArrayList<>();
    for (Map.Entry<String, List<TopicBurst>> e : byWindow.entrySet()) {
      List<TopicBurst> all = e.getValue();
      List<String> lines = new ArrayList<>();
      for (TopicBurst b : all.subList(0, Math.min(BURSTS_PER_WINDOW, all.size()))) {
        lines.add(burstLine(b));
      }
      if (all.size() > BURSTS_PER_WINDOW) {
        lines.add("and " + (all.size() - BURSTS_PER_WINDOW) + " more");
      }
      items.add(new Item(e.getKey(), lines));
    }
    s.blocks().add(new Bullets(items));
  }

  private static String burstLine(TopicBurst b) {
    String unit = TrendWindow.valueOf(b.getWindow()).noun();
    StringBuilder line =
        new StringBuilder()
            .append(b.getName())
            .append(" (")
            .append(b.getKind().toLowerCase(Locale.ROOT))
            .append("): ")
            .append(b.getCount())
            .append(b.getCount() == 1 ? " paper" : " papers")
            .append(" against ")
            .append(String.format(Locale.ROOT, "%.2f", b.getBaselineMean()))
            .append(" per ")
            .append(unit)
            .append(" over the ")
            .append(b.getBaselineWindows())
            .append(" ")
            .append(unit)
            .append(b.getBaselineWindows() == 1 ? "" : "s")
            .append(" before, surprise ")
            .append(String.format(Locale.ROOT, "%.1f", b.getScore()));
    if (b.getPartial()) {
      line.append(" (partial ").append(unit).append(")");
    }
    List<PaperRef> papers = b.getPapers();
    if (!papers.isEmpty()) {
      line.append(". Papers: ")
          .append(
              papers.subList(0, Math.min(PAPERS_PER_BURST, papers.size())).stream()
                  .map(ReportRenderer::paper)
                  .collect(Collectors.joining("; ")));
      if (papers.size() > PAPERS_PER_BURST) {
        line.append("; and ").append(papers.size() - PAPERS_PER_BURST).append(" more");
      }
    }
    return line.toString();
  }

  private static String paper(PaperRef p) {
    return p.getTitle()
        + " ["
        + p.getPaperId()
        + (p.getSightings() > 1 ? ", " + p.getSightings() + " sightings" : "")
        + "]";
  }

  /** A date with files: ok, or rejected when its files were all rejected whole. */
  private static String healthStatus(DigestHealth h) {
    String status =
        h.getGapDaysBefore() > 0
            ? "ok, after "
                + h.getGapDaysBefore()
                + " missing day"
                + (h.getGapDaysBefore() == 1 ? "" : "s")
            : "ok";
    if (h.getRejectedFiles() == 0) {
      return status;
    }
    String rejected =
        h.getRejectedFiles() + (h.getRejectedFiles() == 1 ? " file" : " files") + " rejected whole";
    return h.getPapers() == 0 && h.getFiles() == h.getRejectedFiles()
        ? "REJECTED: " + rejected + (h.getGapDaysBefore() > 0 ? status.substring(2) : "")
        : status + "; " + rejected;
  }

  private static String days(long n) {
    return n + (n == 1 ? " day" : " days");
  }

  private static String dayLabel(LocalDate d) {
    return d.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT) + " " + d;
  }

  private static void emerging(Section s, WeeklyReport r) {
    List<EmergingPhrase> all = r.emerging();
    if (all.isEmpty()) {
      s.blocks().add(new Paragraph("No emerging phrase this week in emerging-phrases."));
      return;
    }
    s.blocks()
        .add(
            new Paragraph(
                "Keyphrases first seen recently that already appear in several papers, as of their"
                    + " latest day this week, fastest growing first."));
    List<List<String>> rows = new ArrayList<>();
    for (EmergingPhrase e : all.subList(0, Math.min(EMERGING, all.size()))) {
      rows.add(
          List.of(
              e.getPhrase(),
              e.getFirstSeenDate().toString(),
              e.getAsOfDate().toString(),
              String.valueOf(e.getPapers()),
              String.format(Locale.ROOT, "%.2f", e.getGrowth()),
              e
                  .getExamples()
                  .subList(0, Math.min(EXAMPLES_PER_PHRASE, e.getExamples().size()))
                  .stream()
                  .map(ReportRenderer::paper)
                  .reduce((a, b) -> a + "; " + b)
                  .orElse("-")));
    }
    s.blocks()
        .add(
            new Table(
                List.of("Phrase", "First seen", "As of", "Papers", "Per day", "Examples"),
                List.of(false, false, false, true, true, false),
                rows));
    if (all.size() > EMERGING) {
      s.blocks().add(new Paragraph("And " + (all.size() - EMERGING) + " more phrases."));
    }
  }

  private static void staying(Section s, StayingPower sp) {
    if (sp == null || sp.getEntries().isEmpty()) {
      s.blocks().add(new Paragraph("No paper came back this week in staying-power."));
      return;
    }
    s.blocks()
        .add(
            new Paragraph(
                "Papers of this week's digests seen more than once, "
                    + (sp.getFinal$()
                        ? sp.getRevision() == 0 ? "final" : "final, revision " + sp.getRevision()
                        : "week still open")
                    + "."));
    List<List<String>> rows = new ArrayList<>();
    for (StayingPaper p : sp.getEntries().subList(0, Math.min(STAYING, sp.getEntries().size()))) {
      rows.add(
          List.of(
              String.valueOf(p.getRank()),
              p.getTitle() + " [" + p.getPaperId() + "]",
              String.valueOf(p.getSightings()),
              p.getFirstDigestDate() == null ? "?" : p.getFirstDigestDate().toString(),
              p.getLastDigestDate() == null ? "?" : p.getLastDigestDate().toString(),
              String.valueOf(p.getSpanDays())));
    }
    s.blocks()
        .add(
            new Table(
                List.of("#", "Paper", "Sightings", "First digest", "Last digest", "Span (days)"),
                List.of(true, false, true, false, false, true),
                rows));
  }

  private static void openCode(Section s, List<OpenCodeShare> all) {
    if (all.isEmpty()) {
      s.blocks().add(new Paragraph("No open-code figures for this week in open-code-share."));
      return;
    }
    long papers = all.stream().mapToLong(OpenCodeShare::getPapers).sum();
    s.blocks()
        .add(
            new Paragraph(
                "Share of each topic's papers that link to a code repository (GitHub or another"
                    + " forge; model and dataset hubs, leaderboards and URL shorteners do not"
                    + " count), and where the code is hosted."));
    List<List<String>> rows = new ArrayList<>();
    for (OpenCodeShare o : all.subList(0, Math.min(OPEN_CODE_TOPICS, all.size()))) {
      rows.add(
          List.of(
              o.getTopic() + (o.getPartial() ? " (partial)" : ""),
              String.valueOf(o.getPapers()),
              String.valueOf(o.getPapersWithCode()),
              String.format(Locale.ROOT, "%.0f%%", o.getShare() * 100),
              hosts(o.getHosts())));
    }
    s.blocks()
        .add(
            new Table(
                List.of("Topic", "Papers", "With code", "Share", "Hosts"),
                List.of(false, true, true, true, false),
                rows));
    if (all.size() > OPEN_CODE_TOPICS) {
      s.blocks()
          .add(
              new Paragraph(
                  "And "
                      + (all.size() - OPEN_CODE_TOPICS)
                      + " more topics; "
                      + papers
                      + " topic-papers in all."));
    }
  }

  private static String hosts(Map<String, Long> hosts) {
    if (hosts.isEmpty()) {
      return "-";
    }
    return hosts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void health(Section s, WeeklyReport r) {
    if (r.health().values().stream().allMatch(java.util.Objects::isNull)) {
      s.blocks().add(new Paragraph("No input health for this week in digest-health."));
      return;
    }
    long missing = r.health().values().stream().filter(h -> h != null && h.getMissing()).count();
    long unknown = r.health().values().stream().filter(java.util.Objects::isNull).count();
    List<String> counts = new ArrayList<>();
    if (missing > 0) {
      counts.add(days(missing) + " missing (no digest between two that came)");
    }
    if (unknown > 0) {
      counts.add(
          days(unknown)
              + " with no record (before the first digest, after the latest, or not counted)");
    }
    s.blocks()
        .add(
            new Paragraph(
                "The digests of each day of the week"
                    + (counts.isEmpty() ? "." : "; " + String.join("; ", counts) + ".")));
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<LocalDate, DigestHealth> e : r.health().entrySet()) {
      DigestHealth h = e.getValue();
      String day = dayLabel(e.getKey());
      if (h == null) {
        rows.add(List.of(day, "", "", "", "", "", "no record"));
      } else if (h.getMissing()) {
        rows.add(List.of(day, "0", "0", "0", "0", "0", "MISSING: no digest"));
      } else {
        rows.add(
            List.of(
                day,
                String.valueOf(h.getFiles()),
                String.valueOf(h.getPapers()),
                String.valueOf(h.getRejected()),
                String.valueOf(h.getExactDuplicateFiles()),
                String.valueOf(h.getNearDuplicateFiles()),
                healthStatus(h)));
      }
    }
    s.blocks()
        .add(
            new Table(
                List.of(
                    "Date",
                    "Files",
                    "Papers",
                    "Rejected",
                    "Exact duplicates",
                    "Near duplicates",
                    "Status"),
                List.of(false, true, true, true, true, true, false),
                rows));
  }

  /**
   * For each paper the sections above name (burst papers, emerging examples, staying power, as
   * shown), its most similar papers of earlier digests.
   */
  private static void similar(Section s, WeeklyReport r, PaperVectors vectors) {
    Map<String, String> named = new java.util.LinkedHashMap<>();
    for (TopicBurst b : r.bursts()) {
      List<PaperRef> papers = b.getPapers();
      papers
          .subList(0, Math.min(PAPERS_PER_BURST, papers.size()))
          .forEach(p -> named.putIfAbsent(p.getPaperId(), p.getTitle()));
    }
    for (EmergingPhrase e : r.emerging().subList(0, Math.min(EMERGING, r.emerging().size()))) {
      e.getExamples()
          .subList(0, Math.min(EXAMPLES_PER_PHRASE, e.getExamples().size()))
          .forEach(p -> named.putIfAbsent(p.getPaperId(), p.getTitle()));
    }
    StayingPower sp = r.stayingPower();
    if (sp != null) {
      sp.getEntries()
          .subList(0, Math.min(STAYING, sp.getEntries().size()))
          .forEach(p -> named.putIfAbsent(p.getPaperId(), p.getTitle()));
    }
    List<Item> items = new ArrayList<>();
    boolean any = false;
    for (Map.Entry<String, String> p : named.entrySet()) {
      if (items.size() == SIMILAR_FOR) {
        break;
      }
      List<PaperVectors.Similar> similar = vectors.earlier(p.getKey(), SIMILAR);
      any |= !similar.isEmpty();
      items.add(
          new Item(
              p.getValue()
                  + " ["
                  + p.getKey()
                  + "]"
                  + (similar.isEmpty() ? ": no earlier paper in paper-embeddings" : ""),
              similar.stream()
                  .map(
                      x ->
                          String.format(Locale.ROOT, "%.2f ", x.cosine())
                              + x.title()
                              + " ["
                              + x.paperId()
                              + "], "
                              + x.digestDate())
                  .toList()));
    }
    if (!any) {
      s.blocks()
          .add(
              new Paragraph(
                  named.isEmpty()
                      ? "No paper named above this week."
                      : "No earlier paper for the papers named above in paper-embeddings."));
      return;
    }
    s.blocks()
        .add(
            new Paragraph(
                "For each paper named above"
                    + (named.size() > SIMILAR_FOR ? " (the first " + SIMILAR_FOR + ")" : "")
                    + ", the "
                    + SIMILAR
                    + " papers of earlier digests closest to it in meaning: cosine of their"
                    + " sentence embeddings (paper-embeddings), title, digest date."));
    s.blocks().add(new Bullets(items));
  }

  // ---- Markdown -----------------------------------------------------------------------------

  static String markdown(ReportDocument doc) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(md(doc.title)).append("\n\n").append(md(doc.subtitle)).append("\n");
    for (Section s : doc.sections) {
      out.append("\n## ").append(md(s.heading())).append("\n");
      for (ReportDocument.Block b : s.blocks()) {
        out.append("\n");
        if (b instanceof Paragraph p) {
          out.append(md(p.text())).append("\n");
        } else if (b instanceof Table t) {
          row(out, t.headers());
          out.append("|");
          for (boolean n : t.numeric()) {
            out.append(n ? " ---: |" : " --- |");
          }
          out.append("\n");
          for (List<String> r : t.rows()) {
            row(out, r);
          }
        } else if (b instanceof Bullets l) {
          for (Item i : l.items()) {
            out.append("- ").append(md(i.text())).append("\n");
            for (String c : i.children()) {
              out.append("  - ").append(md(c)).append("\n");
            }
          }
        }
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("|");
    for (String c : cells) {
      out.append(" ").append(md(c)).append(" |");
    }
    out.append("\n");
  }

  /** Escapes what Markdown would read as markup, so that a title shows as written. */
  static String md(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("\\`*_[]<>|".indexOf(c) >= 0) {
        out.append('\\');
      }
      // a line break inside a title would end the table row or list item
      out.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    return out.toString();
  }

  // ---- HTML ---------------------------------------------------------------------------------

  private static final String STYLE =
      "body{font:15px/1.5 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;"
          + "color:#1d232a}h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px"
          + " solid #e1e4e8}table{border-collapse:collapse;width:100%}th,td{text-align:left;"
          + "padding:4px 8px;border-bottom:1px solid #e1e4e8;vertical-align:top}.num{text-align:"
          + "right;font-variant-numeric:tabular-nums}";

  static String html(ReportDocument doc) {
    StringBuilder out = new StringBuilder();
    out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(h(doc.title))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(h(doc.title))
        .append("</h1>\n<p>")
        .append(h(doc.subtitle))
        .append("</p>\n");
    for (Section s : doc.sections) {
      out.append("<section>\n<h2>").append(h(s.heading())).append("</h2>\n");
      for (ReportDocument.Block b : s.blocks()) {
        if (b instanceof Paragraph p) {
          out.append("<p>").append(h(p.text())).append("</p>\n");
        } else if (b instanceof Table t) {
          out.append("<table>\n<thead><tr>");
          for (int i = 0; i < t.headers().size(); i++) {
            out.append(t.numeric().get(i) ? "<th class=\"num\">" : "<th>")
                .append(h(t.headers().get(i)))
                .append("</th>");
          }
          out.append("</tr></thead>\n<tbody>\n");
          for (List<String> r : t.rows()) {
            out.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
              out.append(t.numeric().get(i) ? "<td class=\"num\">" : "<td>")
                  .append(h(r.get(i)))
                  .append("</td>");
            }
            out.append("</tr>\n");
          }
          out.append("</tbody>\n</table>\n");
        } else if (b instanceof Bullets l) {
          out.append("<ul>\n");
          for (Item i : l.items()) {
            out.append("<li>").append(h(i.text()));
            if (!i.children().isEmpty()) {
              out.append("\n<ul>\n");
              for (String c : i.children()) {
                out.append("<li>").append(h(c)).append("</li>\n");
              }
              out.append("</ul>\n");
            }
            out.append("</li>\n");
          }
          out.append("</ul>\n");
        }
      }
      out.append("</section>\n");
    }
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  static String h(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
