package dev.paperspipeline.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestParserTest {

  private static final Instant MTIME = Instant.parse("2025-03-10T12:00:00Z");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String HEADER_BYAK =
      "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          + "byAK and the research community\n\n";
  private static final String HEADER_BY_AK =
      "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
          + "by AK and the research community\n\n";

  private final DigestParser parser = new DigestParser(new ParserOptions(null, CLOCK));

  @TempDir Path tmp;

  private static String abs(int n) {
    return "We present method number "
        + n
        + " for learning compact representations from unlabeled video. Experiments on ImageNet and"
        + " COCO show consistent gains over strong baselines. Code is available at"
        + " https://github.com/example/method-"
        + n
        + ".";
  }

  private static String pairs(int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      sb.append("Paper Title Number ")
          .append(i)
          .append(": A Study\n\n")
          .append(abs(i))
          .append("\n\n");
    }
    return sb.toString();
  }

  private ParseResult parse(String name, String content) {
    return parser.parse(name, content.getBytes(StandardCharsets.UTF_8), MTIME);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void shouldParseOwnFixtureWithHeaderDateAndNonAsciiTitle() throws Exception {
    Path file = Path.of(getClass().getResource("/digests/sample-2025-08-12.txt").toURI());
    byte[] bytes = Files.readAllBytes(file);

    ParseResult r = parser.parse(file);

    assertThat(r.ok()).isTrue();
    assertThat(r.fileName()).isEqualTo("sample-2025-08-12.txt");
    assertThat(r.sha256()).isEqualTo(sha256(bytes));
    assertThat(r.sizeBytes()).isEqualTo(bytes.length);
    assertThat(r.papers())
        .extracting(ParsedPaper::title)
        .containsExactly(
            "Grokking Modular Addition in Tiny Transformers",
            "Balanced Routing for Sparse Mixture-of-Experts",
            "Übersetzen mit Bildern: Multilingual Captions at Scale");
    ParsedPaper third = r.papers().get(2);
    assertThat(third.abstractText()).startsWith("Die Übersetzung").endsWith("across languages.");
    assertThat(third.paperId()).isEqualTo(PaperIds.of(third.title()));
    assertThat(third.digestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(third.digestDateSource()).isEqualTo("FILE_NAME");
    assertThat(third.fileSha256()).isEqualTo(r.sha256());
    assertThat(r.papers()).extracting(ParsedPaper::ordinal).containsExactly(1, 2, 3);
    assertThat(r.papers()).extracting(ParsedPaper::lineNumber).containsExactly(13, 17, 21);
  }

  @Test
  void shouldHandleBothHeaderSpellingsWithAndWithoutDailyPapersAndDateLine() {
    ParseResult a = parse("a.txt", HEADER_BYAK + "Aug 12\n\n" + pairs(3));
    ParseResult b = parse("b.txt", HEADER_BY_AK + pairs(3));

    assertThat(a.ok()).isTrue();
    assertThat(b.ok()).isTrue();
    assertThat(a.papers()).hasSize(3);
    assertThat(b.papers()).hasSize(3);
    assertThat(a.papers())
        .extracting(ParsedPaper::title)
        .containsExactlyElementsOf(b.papers().stream().map(ParsedPaper::title).toList());
    assertThat(a.papers().get(0).digestDate()).isNotNull();
    // no date line: the modification day, with a warning
    assertThat(b.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2025, 3, 10));
    assertThat(b.papers().get(0).digestDateSource()).isEqualTo("MTIME_DAY");
    assertThat(b.warnings()).singleElement().asString().contains("b.txt: no date line");
    assertThat(b.papers().get(0).lineNumber()).isEqualTo(9);
  }

  @Test
  void shouldHandleCrlfBomExtraBlankLinesNoTrailingNewlineAndWrappedAbstract() {
    String lf =
        HEADER_BYAK
            + "Aug 12\n\n\n\n"
            + "Ünïcödé Tïtle — 多模态 Reasoning\n   \n\t\n"
            + "First line of a wrapped abstract that goes on  \n"
            + "  and continues on a second line\n"
            + "and ends on a third line.\n\n\n"
            + "Second Paper\n\n"
            + abs(2);
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] crlf = lf.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + crlf.length];
    System.arraycopy(bom, 0, content, 0, 3);
    System.arraycopy(crlf, 0, content, 3, crlf.length);

    ParseResult r = parser.parse("crlf.txt", content, MTIME);
    ParseResult plain = parse("lf.txt", lf);

    assertThat(r.ok()).isTrue();
    assertThat(r.papers()).hasSize(2);
    ParsedPaper first = r.papers().get(0);
    assertThat(first.title()).isEqualTo("Ünïcödé Tïtle — 多模态 Reasoning");
    assertThat(first.abstractText())
        .isEqualTo(
            "First line of a wrapped abstract that goes on and continues on a second line and ends"
                + " on a third line.");
    assertThat(r.papers().get(1).abstractText()).isEqualTo(abs(2));
    assertThat(first.digestDate()).isEqualTo(LocalDate.of(2024, 8, 12));
    assertThat(r.papers())
        .extracting(ParsedPaper::title, ParsedPaper::abstractText, ParsedPaper::lineNumber)
        .containsExactlyElementsOf(
            plain.papers().stream()
                .map(
                    p ->
                        org.assertj.core.groups.Tuple.tuple(
                            p.title(), p.abstractText(), p.lineNumber()))
                .toList());
  }

  @Test
  void shouldRejectFinalTitleWithoutAbstractAndKeepTheRest() {
    ParseResult r = parse("tail.txt", HEADER_BY_AK + pairs(2) + "A Dangling Final Title\n");

    assertThat(r.papers()).hasSize(2);
    assertThat(r.ok()).isFalse();
    assertThat(r.fileRejection()).isNull();
    assertThat(r.rejections()).hasSize(1);
    Rejection rej = r.rejections().get(0);
    assertThat(rej.lineNumber()).isEqualTo(17);
    assertThat(rej.describe()).startsWith("tail.txt:17: title without abstract");
    assertThat(new String(rej.raw(), StandardCharsets.UTF_8)).isEqualTo("A Dangling Final Title");
    assertThat(rej.fileSha256()).isEqualTo(r.sha256());
  }

  @Test
  void shouldNotShiftLaterPairsWhenAnAbstractIsMissingInTheMiddle() {
    String content =
        HEADER_BY_AK
            + "Paper One\n\n"
            + abs(1)
            + "\n\nPaper Two Lost Its Abstract\n\n"
            + "Paper Three\n\n"
            + abs(3)
            + "\n\nPaper Four\n\n"
            + abs(4)
            + "\n";

    ParseResult r = parse("middle.txt", content);

    assertThat(r.papers())
        .extracting(ParsedPaper::title, ParsedPaper::abstractText)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Paper One", abs(1)),
            org.assertj.core.groups.Tuple.tuple("Paper Three", abs(3)),
            org.assertj.core.groups.Tuple.tuple("Paper Four", abs(4)));
    assertThat(r.rejections()).hasSize(1);
    assertThat(r.rejections().get(0).describe())
        .isEqualTo(
            "middle.txt:13: title without abstract: the next paragraph (line 15) is another title");
  }

  @Test
  void shouldRejectAnAbstractWithoutTitleAndKeepLaterPairs() {
    String content =
        HEADER_BY_AK + "Paper One\n\n" + abs(1) + "\n\n" + abs(2) + "\n\nPaper Three\n\n" + abs(3);

    ParseResult r = parse("orphan.txt", content);

    assertThat(r.papers())
        .extracting(ParsedPaper::title)
        .containsExactly("Paper One", "Paper Three");
    assertThat(r.papers().get(1).abstractText()).isEqualTo(abs(3));
    assertThat(r.rejections())
        .singleElement()
        .satisfies(
            rej ->
                assertThat(rej.describe()).startsWith("orphan.txt:13: paragraph without a title"));
  }

  @Test
  void shouldTellShortAbstractsFromTitles() {
    byte[] title =
        "Attention Is All You Need? A Study of Tokens, Heads and Layers..."
            .getBytes(StandardCharsets.UTF_8);
    byte[] versus = "Transformers vs. CNNs for Medical Imaging".getBytes(StandardCharsets.UTF_8);
    byte[] oneSentence =
        "We show that a tiny model trained on synthetic data already solves the task."
            .getBytes(StandardCharsets.UTF_8);
    byte[] twoSentences = "We do X. It works.".getBytes(StandardCharsets.UTF_8);
    byte[] tooLong = "word ".repeat(80).trim().getBytes(StandardCharsets.UTF_8);

    assertThat(DigestParser.looksLikeTitle(title, 0, title.length)).isTrue();
    assertThat(DigestParser.looksLikeTitle(versus, 0, versus.length)).isTrue();
    assertThat(DigestParser.looksLikeTitle(oneSentence, 0, oneSentence.length)).isFalse();
    assertThat(DigestParser.looksLikeTitle(twoSentences, 0, twoSentences.length)).isFalse();
    assertThat(DigestParser.looksLikeTitle(tooLong, 0, tooLong.length)).isFalse();

    ParseResult r =
        parse(
            "short.txt",
            HEADER_BY_AK
                + "Tiny Paper\n\nWe show that a tiny model trained on synthetic data already solves the task.\n\n"
                + pairs(1));
    assertThat(r.ok()).isTrue();
    assertThat(r.papers())
        .extracting(ParsedPaper::title)
        .containsExactly("Tiny Paper", "Paper Title Number 1: A Study");
  }

  @Test
  void shouldRejectBinaryFileWithClearReasonAndLoseNothingElse() throws Exception {
    byte[] binary =
        (HEADER_BY_AK + pairs(1) + "Bad\u0000Title\n\n" + abs(2)).getBytes(StandardCharsets.UTF_8);
    Path bad = Files.write(tmp.resolve("bad.bin"), binary);
    Path good = Files.writeString(tmp.resolve("good.txt"), HEADER_BY_AK + pairs(2));

    ParseResult badResult = parser.parse(bad);
    ParseResult goodResult = parser.parse(good);

    assertThat(badResult.ok()).isFalse();
    assertThat(badResult.papers()).isEmpty();
    assertThat(badResult.fileRejection()).isNotNull();
    assertThat(badResult.fileRejectionOpt()).isPresent();
    assertThat(badResult.fileRejection().describe())
        .startsWith("bad.bin:0: binary file: NUL byte at line 13");
    assertThat(badResult.fileRejection().raw()).isEqualTo(binary);
    assertThat(badResult.fileRejection().rawSize()).isEqualTo(binary.length);
    assertThat(badResult.sha256()).isEqualTo(sha256(binary));
    assertThat(goodResult.ok()).isTrue();
    assertThat(goodResult.papers()).hasSize(2);
  }

  @Test
  void shouldRejectInvalidUtf8Strictly() {
    byte[][] bad = {
      {(byte) 0xFF}, // never valid
      {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
      {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // surrogate
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xC3, 'x'}, // missing continuation
      {(byte) 0xE2, (byte) 0x82}, // truncated at end of file
      {(byte) 0xE9}, // Latin-1 'é'
    };
    for (byte[] tail : bad) {
      byte[] prefix = (HEADER_BY_AK + pairs(1) + "T").getBytes(StandardCharsets.UTF_8);
      byte[] content = new byte[prefix.length + tail.length];
      System.arraycopy(prefix, 0, content, 0, prefix.length);
      System.arraycopy(tail, 0, content, prefix.length, tail.length);

      ParseResult r = parser.parse("latin1.txt", content, MTIME);

      assertThat(r.fileRejection()).as(HexFormat.of().formatHex(tail)).isNotNull();
      assertThat(r.fileRejection().reason()).startsWith("not valid UTF-8").contains("line 13");
      assertThat(r.papers()).isEmpty();
    }
  }

  @Test
  void shouldBoundRawBytesOfARejectedFileTo64KiB() {
    byte[] big = new byte[200_000];
    java.util.Arrays.fill(big, (byte) 'a');
    big[150_000] = (byte) 0xFF;

    ParseResult r = parser.parse("big.txt", big, MTIME);

    assertThat(r.fileRejection().raw()).hasSize(Rejection.MAX_RAW_BYTES);
    assertThat(r.fileRejection().rawSize()).isEqualTo(200_000);
  }

  @Test
  void shouldReturnZeroPapersAndAWarningForAnEmptyFile() {
    ParseResult r = parser.parse("empty.txt", new byte[0], MTIME);

    assertThat(r.ok()).isTrue();
    assertThat(r.papers()).isEmpty();
    assertThat(r.warnings()).containsExactly("empty.txt: empty file");
    assertThat(parse("header.txt", HEADER_BYAK).warnings())
        .containsExactly("header.txt: no papers found");
  }

  @Test
  void shouldResolveTheDateFromOptionThenFileNameThenDateLineWithMtimeYearThenMtimeDay()
      throws IOException {
    String content = HEADER_BYAK + "Dec 30\n\n" + pairs(1);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    byte[] undated = (HEADER_BYAK + pairs(1)).getBytes(StandardCharsets.UTF_8);
    DigestParser withYear = new DigestParser(new ParserOptions(2023, CLOCK));
    DigestParser withDate =
        new DigestParser(new ParserOptions(2023, CLOCK).withDate(LocalDate.of(2024, 5, 1)));

    ParseResult date = withDate.parse("digest-2025-01-05.txt", bytes, MTIME);
    ParseResult option = withYear.parse("digest-2025-01-05.txt", bytes, MTIME);
    ParseResult dashed = parser.parse("digest-2025-01-05.txt", bytes, MTIME);
    ParseResult agreeing = parser.parse("d_20251230_x.txt", bytes, MTIME);
    ParseResult mtime = parser.parse("digest.txt", bytes, MTIME);
    Path file = Files.write(tmp.resolve("plain.txt"), bytes);
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-31T10:00:00Z")));
    ParseResult fromDisk = parser.parse(file);
    ParseResult noMtime = parser.parse("digest.txt", bytes, null);
    ParseResult noLine = parser.parse("digest.txt", undated, MTIME);

    assertThat(date.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2024, 5, 1));
    assertThat(date.papers().get(0).digestDateSource()).isEqualTo("OPTION");
    assertThat(date.warnings()).isEmpty();
    assertThat(option.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2023, 12, 30));
    assertThat(option.papers().get(0).digestDateSource()).isEqualTo("OPTION");
    assertThat(option.warnings()).isEmpty();
    // a full date in the file name wins over the date line, and the disagreement is told
    assertThat(dashed.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2025, 1, 5));
    assertThat(dashed.papers().get(0).digestDateSource()).isEqualTo("FILE_NAME");
    assertThat(dashed.warnings()).singleElement().asString().contains("date line says Dec 30");
    assertThat(agreeing.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2025, 12, 30));
    assertThat(agreeing.warnings()).isEmpty();
    // Dec 30 after the mtime 2025-03-10: the latest Dec 30 not after it
    assertThat(mtime.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2024, 12, 30));
    assertThat(mtime.papers().get(0).digestDateSource()).isEqualTo("FILE_MTIME");
    assertThat(mtime.warnings())
        .singleElement()
        .asString()
        .contains("digest.txt:11: no year in the date line Dec 30")
        .contains("inferred 2024-12-30");
    assertThat(fromDisk.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2026, 12, 30));
    // no mtime: the clock (2025-06-01) stands in for it
    assertThat(noMtime.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2024, 12, 30));
    assertThat(noMtime.warnings()).singleElement().asString().contains("current time");
    assertThat(noLine.papers().get(0).digestDate()).isEqualTo(LocalDate.of(2025, 3, 10));
    assertThat(noLine.papers().get(0).digestDateSource()).isEqualTo("MTIME_DAY");
    assertThat(noLine.warnings()).singleElement().asString().contains("no date line");
  }

  @Test
  void shouldStreamLargeFilesWithMultiByteCharactersAcrossChunkBoundaries() throws IOException {
    Random random = new Random(7);
    StringBuilder sb = new StringBuilder(HEADER_BYAK).append("Aug 12\n\n");
    int papers = 0;
    while (sb.length() < 3_000_000) {
      papers++;
      sb.append("Título ")
          .append(papers)
          .append(" — ")
          .append("模型".repeat(random.nextInt(5)))
          .append("\r\n\r\n");
      int lines = 1 + random.nextInt(3);
      for (int l = 0; l < lines; l++) {
        sb.append("Résumé ligne ")
            .append(l)
            .append(" 😀 ")
            .append("données ".repeat(40 + random.nextInt(200)))
            .append('\n');
      }
      sb.append('\n');
    }
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(tmp.resolve("big-2025-08-20.txt"), bytes);

    ParseResult inMemory = parser.parse("big-2025-08-20.txt", bytes, MTIME);
    ParseResult fromFile = parser.parse(file);
    ParseResult trickled = parser.parse("big-2025-08-20.txt", new TrickleStream(bytes, 3), MTIME);

    assertThat(inMemory.ok()).isTrue();
    assertThat(inMemory.papers()).hasSize(papers);
    assertThat(fromFile.papers()).isEqualTo(inMemory.papers());
    assertThat(trickled.papers()).isEqualTo(inMemory.papers());
    assertThat(fromFile.sha256()).isEqualTo(inMemory.sha256());
  }

  @Test
  void shouldBuildTheAvroEvent() {
    ParsedPaper p =
        parse("digest-2025-08-12.txt", HEADER_BYAK + "Aug 12\n\n" + pairs(1)).papers().get(0);
    Instant now = Instant.parse("2025-08-12T09:00:00Z");

    var event = p.toEvent(now);

    assertThat(event.getPaperId()).isEqualTo(p.paperId());
    assertThat(event.getTitle()).isEqualTo(p.title());
    assertThat(event.getAbstractText()).isEqualTo(p.abstractText());
    assertThat(event.getDigestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(event.getDigestDateSource()).isEqualTo("FILE_NAME");
    assertThat(event.getLineage().getFileName()).isEqualTo("digest-2025-08-12.txt");
    assertThat(event.getLineage().getFileSha256()).isEqualTo(p.fileSha256());
    assertThat(event.getLineage().getOrdinal()).isEqualTo(1);
    assertThat(event.getLineage().getLineNumber()).isEqualTo(p.lineNumber());
    assertThat(event.getIngestedAt()).isEqualTo(now);
  }

  /** Returns at most {@code max} bytes per read, to cut lines and characters at odd places. */
  private static final class TrickleStream extends InputStream {
    private final ByteArrayInputStream in;
    private final int max;
    private final Random random = new Random(1);

    TrickleStream(byte[] bytes, int max) {
      this.in = new ByteArrayInputStream(bytes);
      this.max = max;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, 1 + random.nextInt(max)));
    }
  }
}
