package dev.paperspipeline.streams.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a few block types, so that Markdown and HTML say the same thing: a title, then
 * sections of paragraphs, tables and two-level lists. Text is plain; each writer escapes it.
 */
final class ReportDocument {
  sealed interface Block permits Paragraph, Table, Bullets {}

  record Paragraph(String text) implements Block {}

  /**
   * @param numeric per column, whether it holds numbers (right-aligned)
   */
  record Table(List<String> headers, List<Boolean> numeric, List<List<String>> rows)
      implements Block {}

  record Item(String text, List<String> children) {}

  record Bullets(List<Item> items) implements Block {}

  record Section(String heading, List<Block> blocks) {}

  final String title;
  final String subtitle;
  final List<Section> sections = new ArrayList<>();

  ReportDocument(String title, String subtitle) {
    this.title = title;
    this.subtitle = subtitle;
  }

  Section section(String heading) {
    Section s = new Section(heading, new ArrayList<>());
    sections.add(s);
    return s;
  }
}
