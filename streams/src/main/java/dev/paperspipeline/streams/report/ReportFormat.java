package dev.paperspipeline.streams.report;

import java.util.Locale;

/** The formats a weekly report is written in. */
public enum ReportFormat {
  /** GitHub-flavoured Markdown. */
  MD("text/markdown; charset=utf-8"),
  /** One self-contained HTML page. */
  HTML("text/html; charset=utf-8");

  private final String contentType;

  ReportFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The HTTP content type of the format. */
  public String contentType() {
    return contentType;
  }

  /**
   * {@code md} or {@code html}, in any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ReportFormat parse(String text) {
    String v = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    if (v.equals("MARKDOWN")) {
      return MD;
    }
    for (ReportFormat f : values()) {
      if (f.name().equals(v)) {
        return f;
      }
    }
    throw new IllegalArgumentException("format must be md or html, not '" + text + "'");
  }
}
