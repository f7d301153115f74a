package dev.paperspipeline.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses daily-papers digests: a boilerplate header ({@code new}, {@code Get trending papers in
 * your email inbox!}, {@code Subscribe}, optionally {@code Daily Papers}, {@code byAK} or {@code by
 * AK and the research community}), an optional date line without a year ({@code Aug 12}), then
 * title / abstract pairs; paragraphs are separated by blank lines.
 *
 * <p>The file is read in chunks and decoded as strict UTF-8 (a {@link CharsetDecoder} that reports
 * malformed input); a NUL byte means a binary file. Either problem rejects the whole file. A
 * paragraph of several consecutive non-blank lines is one paragraph, its lines joined with single
 * spaces. Lines end at LF; blanks, CR included, are trimmed from both ends of a line, so CRLF
 * works. A UTF-8 byte order mark is skipped.
 *
 * <p>Pairing does not simply alternate, so that one missing abstract does not shift every later
 * pair: a paragraph is a <em>title</em> when it is a single line of at most {@value
 * #MAX_TITLE_CHARS} characters that does not read like prose (two or more {@code ". X"} sentence
 * breaks, or a final period after one sentence break or after twelve or more words); anything else
 * is an <em>abstract</em>. A title followed by an abstract is a paper. A title followed by another
 * title, or by the end of the file, is rejected as a title without abstract; an abstract without a
 * title before it is rejected too. Rejections carry {@code file:line} and the rest of the file is
 * kept.
 *
 * <p>A parser is immutable and may be shared by threads.
 */
public final class DigestParser {

  /** Longest single line, in characters, still taken as a title. */
  public static final int MAX_TITLE_CHARS = 300;

  /**
   * A line longer than this rejects the file (no digest has one; binary junk might). Counted in
   * decoded characters (UTF-16 units), never more than the line's bytes.
   */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final int READ_CHUNK = 1 << 16;

  private static final Set<String> HEADER_LINES =
      Set.of(
          "new",
          "Get trending papers in your email inbox!",
          "Subscribe",
          "Daily Papers",
          "byAK and the research community",
          "by AK and the research community");

  private final ParserOptions options;

  /** A parser with the given options. */
  public DigestParser(ParserOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The options of this parser. */
  public ParserOptions options() {
    return options;
  }

  /**
   * Parses a digest file, streaming it in chunks; its base name is the file name of the result and
   * its modification time is a fallback for the year of the digest date.
   *
   * @throws IOException when the file cannot be read (a file that is not a digest is not an
   *     exception: it comes back as {@link ParseResult#fileRejection()})
   */
  public ParseResult parse(Path file) throws IOException {
    Path name = file.getFileName();
    Instant modified = Files.getLastModifiedTime(file).toInstant();
    try (InputStream in = Files.newInputStream(file)) {
      return parse(name == null ? file.toString() : name.toString(), in, modified);
    }
  }

  /**
   * Parses a digest held in memory.
   *
   * @param fileName base name used in the results and to find a date in the name
   * @param content the file's bytes
   * @param fileModified modification time for the year of the digest date; when {@code null} the
   *     options' clock is used instead
   */
  public ParseResult parse(String fileName, byte[] content, Instant fileModified) {
    Run run = new Run(fileName, fileModified);
    run.sha.update(content);
    run.capture(content, 0, content.length);
    run.size = content.length;
    ByteBuffer bytes = ByteBuffer.wrap(content);
    run.skipByteOrderMark(bytes);
    run.decode(bytes, true);
    return run.finish();
  }

  /**
   * Parses a digest read from a stream (not closed here), in chunks.
   *
   * @see #parse(String, byte[], Instant)
   */
  public ParseResult parse(String fileName, InputStream in, Instant fileModified)
      throws IOException {
    return parse(new Run(fileName, fileModified), in);
  }

  /** Receives papers and rejected entries in file order, as soon as each is read. */
  public interface Sink {
    void paper(ParsedPaper paper);

    void rejection(Rejection rejection);
  }

  /**
   * Parses a digest of any size in bounded memory: papers and rejected entries go to {@code sink}
   * as they are read instead of being held; the result's {@code papers} and {@code rejections} are
   * empty. Memory is bounded by the longest paragraph ({@value #MAX_LINE_BYTES} bytes per line at
   * most), not by the file.
   *
   * <p>The file's SHA-256 is only known at its end, but every paper carries it: the caller passes
   * it in {@code fileSha256} (from an earlier pass over the same bytes) and compares it with the
   * result's {@link ParseResult#sha256()}; a difference means the file changed in between. A
   * whole-file rejection (binary, not UTF-8) is also only known where it is found, after papers
   * before it went to the sink: callers that must not act on those run a first pass with a sink
   * that only counts.
   */
  public ParseResult parse(
      String fileName, InputStream in, Instant fileModified, String fileSha256, Sink sink)
      throws IOException {
    Run run = new Run(fileName, fileModified);
    run.sink = Objects.requireNonNull(sink, "sink");
    run.knownSha256 = Objects.requireNonNull(fileSha256, "fileSha256");
    return parse(run, in);
  }

  private ParseResult parse(Run run, InputStream in) throws IOException {
    byte[] buf = new byte[READ_CHUNK];
    ByteBuffer bytes = ByteBuffer.wrap(buf);
    boolean eof = false;
    boolean started = false;
    while (!eof) {
      int n = in.read(buf, bytes.position(), buf.length - bytes.position());
      if (n < 0) {
        eof = true;
      } else {
        run.sha.update(buf, bytes.position(), n);
        run.capture(buf, bytes.position(), n);
        run.size += n;
        bytes.position(bytes.position() + n);
      }
      if (run.failed()) {
        // Keep hashing the rest of the file; its content no longer matters.
        bytes.clear();
        continue;
      }
      bytes.flip();
      if (!started) {
        if (bytes.remaining() < 3 && !eof) {
          bytes.position(bytes.limit()).limit(buf.length);
          continue;
        }
        run.skipByteOrderMark(bytes);
        started = true;
      }
      run.decode(bytes, eof);
      // What the decoder left (the start of a character cut by the chunk) moves to the front.
      run.base += bytes.position();
      bytes.compact();
    }
    return run.finish();
  }

  /**
   * Whether a single-line paragraph reads as a title rather than as a (short) abstract. See the
   * class comment for the rule.
   */
  static boolean looksLikeTitle(String s) {
    int len = s.length();
    if (len == 0 || len > 2 * MAX_TITLE_CHARS) {
      return false;
    }
    if (len > MAX_TITLE_CHARS && s.codePointCount(0, len) > MAX_TITLE_CHARS) {
      return false;
    }
    int words = 1;
    int breaks = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        words++;
      } else if (c == '.'
          && i + 2 < len
          && s.charAt(i + 1) == ' '
          && isUpperOrDigit(s.charAt(i + 2))) {
        breaks++;
      }
    }
    if (breaks >= 2) {
      return false;
    }
    boolean endsWithPeriod = s.charAt(len - 1) == '.' && (len < 2 || s.charAt(len - 2) != '.');
    return !(endsWithPeriod && (breaks >= 1 || words >= 12));
  }

  private static boolean isUpperOrDigit(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
  }

  /** The state of one parse. */
  private final class Run {
    final String fileName;
    final Instant fileModified;
    final MessageDigest sha = PaperIds.newSha256();
    final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    final CharBuffer chars = CharBuffer.allocate(READ_CHUNK);
    long size;
    final byte[] head = new byte[Rejection.MAX_RAW_BYTES];
    int headLen;

    // File offset of the decoder's input buffer start; the start of the line being read when a
    // chunk of characters ended inside it.
    long base;
    int lineNo = 1;
    StringBuilder partialLine = new StringBuilder();
    char[] lineCopy = new char[256];
    boolean nulSeen;
    String failure;

    boolean inHeader = true;
    MonthDay monthDay;
    int dateLine;

    // The paragraph being read: its first line, and all of it once a second line joins.
    String firstLine;
    final StringBuilder block = new StringBuilder();
    int blockLines;
    int blockFirstLine;

    String pendingTitle;
    int pendingLine;

    final List<Entry> entries = new ArrayList<>();
    final List<PendingRejection> rejections = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    // Streaming mode (sink set): entries and rejections are handed over at once, never held.
    Sink sink;
    String knownSha256;
    int entryCount;
    int rejectionCount;
    boolean dateResolved;
    LocalDate date;
    String dateSourceName;
    String dateWarning; // one per file whose year or date was inferred

    Run(String fileName, Instant fileModified) {
      this.fileName = Objects.requireNonNull(fileName, "fileName");
      this.fileModified = fileModified;
    }

    boolean failed() {
      return failure != null;
    }

    void fail(String reason) {
      if (failure == null) {
        failure = reason;
      }
    }

    void capture(byte[] b, int off, int n) {
      int take = Math.min(n, head.length - headLen);
      if (take > 0) {
        System.arraycopy(b, off, head, headLen, take);
        headLen += take;
      }
    }

    void skipByteOrderMark(ByteBuffer bytes) {
      int p = bytes.position();
      if (bytes.remaining() >= 3
          && bytes.get(p) == (byte) 0xEF
          && bytes.get(p + 1) == (byte) 0xBB
          && bytes.get(p + 2) == (byte) 0xBF) {
        bytes.position(p + 3);
      }
    }

    /**
     * Decodes {@code bytes} into lines up to a NUL byte, a malformed sequence or the end; leaves an
     * incomplete trailing sequence in {@code bytes} unless {@code eof}.
     */
    void decode(ByteBuffer bytes, boolean eof) {
      int from = bytes.position();
      CoderResult result;
      do {
        result = decoder.decode(bytes, chars, eof);
        if (!lines()) {
          if (nulSeen) {
            // The first NUL byte from here is the one: any earlier one would have failed sooner.
            int at = from;
            while (bytes.get(at) != 0) {
              at++;
            }
            fail("binary file: NUL byte at line " + lineNo + " (byte offset " + (base + at) + ")");
          }
          return;
        }
      } while (result.isOverflow());
      if (result.isError()) {
        failUtf8(bytes, eof);
      } else if (eof) {
        decoder.flush(chars);
        lines();
        if (!failed() && partialLine.length() > 0) {
          linePartial();
        }
      }
    }

    private void failUtf8(ByteBuffer bytes, boolean atEnd) {
      int p = bytes.position();
      int lead = bytes.get(p) & 0xFF;
      int need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 && lead <= 0xEF ? 3 : 2;
      boolean validLead = lead >= 0xC2 && lead <= 0xF4;
      if (atEnd && validLead && bytes.limit() - p < need && continuations(bytes, p + 1)) {
        fail(
            "not valid UTF-8: truncated sequence at end of file, line "
                + lineNo
                + " (byte offset "
                + (base + p)
                + ")");
      } else {
        fail(
            String.format(
                "not valid UTF-8: malformed sequence starting with byte 0x%02X at line %d (byte"
                    + " offset %d)",
                lead, lineNo, base + p));
      }
    }

    private boolean continuations(ByteBuffer bytes, int from) {
      for (int i = from; i < bytes.limit(); i++) {
        if ((bytes.get(i) & 0xC0) != 0x80) {
          return false;
        }
      }
      return true;
    }

    /** Splits the decoded characters into lines; false once the file is rejected. */
    private boolean lines() {
      chars.flip();
      char[] a = chars.array();
      int end = chars.limit();
      int from = chars.position();
      for (int i = from; i < end; i++) {
        char c = a[i];
        if (c == '\n') {
          if (partialLine.length() > 0) {
            partialLine.append(a, from, i - from);
            linePartial();
          } else {
            line(a, from, i);
          }
          lineNo++;
          from = i + 1;
        } else if (c == 0) {
          nulSeen = true;
          chars.clear();
          return false;
        }
      }
      chars.clear();
      if (partialLine.length() + (end - from) > MAX_LINE_BYTES) {
        fail("line " + lineNo + " is longer than " + MAX_LINE_BYTES + " characters");
        partialLine = new StringBuilder();
        return false;
      }
      partialLine.append(a, from, end - from);
      return true;
    }

    /** The line whose start came in an earlier chunk of characters. */
    private void linePartial() {
      int n = partialLine.length();
      if (lineCopy.length < n) {
        lineCopy = new char[Math.max(n, lineCopy.length * 2)];
      }
      partialLine.getChars(0, n, lineCopy, 0);
      partialLine.setLength(0);
      line(lineCopy, 0, n);
    }

    void line(char[] a, int from, int to) {
      while (to > from && isBlank(a[to - 1])) {
        to--;
      }
      while (from < to && isBlank(a[from])) {
        from++;
      }
      if (from == to) {
        flushBlock();
        return;
      }
      if (inHeader) {
        String text = new String(a, from, to - from);
        if (HEADER_LINES.contains(text)) {
          return;
        }
        if (monthDay == null && text.length() <= 13) {
          byte[] latin = text.getBytes(StandardCharsets.ISO_8859_1);
          MonthDay md = DigestDates.parseDateLine(latin, 0, latin.length);
          if (md != null) {
            monthDay = md;
            dateLine = lineNo;
            return;
          }
        }
        inHeader = false;
      }
      if (blockLines == 0) {
        blockFirstLine = lineNo;
        firstLine = new String(a, from, to - from);
      } else {
        if (blockLines == 1) {
          block.append(firstLine);
        }
        block.append(' ').append(a, from, to - from);
      }
      blockLines++;
    }

    void flushBlock() {
      if (blockLines == 0) {
        return;
      }
      String text = blockLines == 1 ? firstLine : block.toString();
      boolean title = blockLines == 1 && looksLikeTitle(text);
      if (pendingTitle != null) {
        if (title) {
          rejectPendingTitle("the next paragraph (line " + blockFirstLine + ") is another title");
          pendingTitle = text;
          pendingLine = blockFirstLine;
        } else {
          addEntry(
              new Entry(
                  PaperIds.of(pendingTitle), pendingTitle, text, entryCount + 1, pendingLine));
          pendingTitle = null;
        }
      } else if (title) {
        pendingTitle = text;
        pendingLine = blockFirstLine;
      } else {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        addRejection(
            new PendingRejection(
                blockFirstLine,
                "paragraph without a title ("
                    + blockLines
                    + (blockLines == 1 ? " line, " : " lines, ")
                    + raw.length
                    + " bytes): the paragraph before it is not a title",
                Arrays.copyOf(raw, Math.min(raw.length, Rejection.MAX_RAW_BYTES)),
                raw.length));
      }
      block.setLength(0);
      blockLines = 0;
      firstLine = null;
    }

    private void rejectPendingTitle(String why) {
      byte[] raw = pendingTitle.getBytes(StandardCharsets.UTF_8);
      addRejection(
          new PendingRejection(pendingLine, "title without abstract: " + why, raw, raw.length));
    }

    private void addEntry(Entry e) {
      entryCount++;
      if (sink == null) {
        entries.add(e);
      } else {
        resolveDate();
        sink.paper(toPaper(e, knownSha256));
      }
    }

    private void addRejection(PendingRejection r) {
      rejectionCount++;
      if (sink == null) {
        rejections.add(r);
      } else {
        sink.rejection(toRejection(r, knownSha256));
      }
    }

    private ParsedPaper toPaper(Entry e, String sha256) {
      return new ParsedPaper(
          e.paperId,
          e.title,
          e.abstractText,
          date,
          dateSourceName,
          fileName,
          sha256,
          e.ordinal,
          e.lineNumber);
    }

    private Rejection toRejection(PendingRejection r, String sha256) {
      return new Rejection(fileName, sha256, r.lineNumber, r.reason, r.raw, r.rawSize);
    }

    /** The digest's date, once the header (with its date line, if any) has been read. */
    private void resolveDate() {
      if (dateResolved) {
        return;
      }
      dateResolved = true;
      DigestDates.Resolved resolved =
          DigestDates.resolve(options, fileName, monthDay, dateLine, fileModified);
      date = resolved.date();
      dateSourceName = resolved.source().name();
      dateWarning = resolved.warning();
    }

    ParseResult finish() {
      String sha256 = PaperIds.hex(sha.digest(), 32);
      if (failure != null) {
        Rejection whole =
            new Rejection(fileName, sha256, 0, failure, Arrays.copyOf(head, headLen), size);
        return new ParseResult(fileName, sha256, size, List.of(), List.of(), warnings, whole);
      }
      flushBlock();
      if (pendingTitle != null) {
        rejectPendingTitle("it is the last paragraph of the file");
        pendingTitle = null;
      }
      if (size == 0) {
        warnings.add(fileName + ": empty file");
      } else if (entryCount == 0 && rejectionCount == 0) {
        warnings.add(fileName + ": no papers found");
      }
      resolveDate();
      if (dateWarning != null && entryCount > 0) {
        warnings.add(dateWarning);
      }
      List<ParsedPaper> papers = new ArrayList<>(entries.size());
      for (Entry e : entries) {
        papers.add(toPaper(e, sha256));
      }
      List<Rejection> rejected = new ArrayList<>(rejections.size());
      for (PendingRejection r : rejections) {
        rejected.add(toRejection(r, sha256));
      }
      return new ParseResult(fileName, sha256, size, papers, rejected, warnings, null);
    }
  }

  private record Entry(
      String paperId, String title, String abstractText, int ordinal, int lineNumber) {}

  private record PendingRejection(int lineNumber, String reason, byte[] raw, long rawSize) {}
}
