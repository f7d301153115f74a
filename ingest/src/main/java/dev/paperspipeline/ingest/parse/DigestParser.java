package dev.paperspipeline.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

/**
 * Parses daily-papers digests: a boilerplate header ({@code new}, {@code Get trending papers in
 * your email inbox!}, {@code Subscribe}, optionally {@code Daily Papers}, {@code byAK} or {@code by
 * AK and the research community}), an optional date line without a year ({@code Aug 12}), then
 * title / abstract pairs; paragraphs are separated by blank lines.
 *
 * <p>The file is read in chunks and validated as strict UTF-8 on the fly (a NUL byte means a binary
 * file); either problem rejects the whole file. A paragraph of several consecutive non-blank lines
 * is one paragraph, its lines joined with single spaces. Line endings may be LF or CRLF; a UTF-8
 * byte order mark is skipped.
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

  /** A line longer than this rejects the file (no digest has one; binary junk might). */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final int READ_CHUNK = 1 << 20;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private static final byte[][] HEADER_LINES = {
    ascii("new"),
    ascii("Get trending papers in your email inbox!"),
    ascii("Subscribe"),
    ascii("Daily Papers"),
    ascii("byAK and the research community"),
    ascii("by AK and the research community"),
  };

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
    run.start(content, content.length);
    run.scan(content, content.length, true);
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
    /** Keeps nothing: for a pass that only needs the result's counts and hash. */
    Sink COUNT_ONLY =
        new Sink() {
          @Override
          public void paper(ParsedPaper paper) {}

          @Override
          public void rejection(Rejection rejection) {}
        };

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
    int len = 0;
    boolean eof = false;
    boolean started = false;
    while (!eof) {
      if (run.failed()) {
        // Keep hashing the rest of the file; its content no longer matters.
        len = 0;
        run.lineStart = 0;
        run.scanPos = 0;
      } else if (run.lineStart > 0) {
        run.materialize();
        int keep = len - run.lineStart;
        System.arraycopy(buf, run.lineStart, buf, 0, keep);
        run.base += run.lineStart;
        run.scanPos -= run.lineStart;
        run.lineStart = 0;
        len = keep;
      }
      if (len == buf.length) {
        if (buf.length >= MAX_LINE_BYTES) {
          run.fail("line " + run.lineNo + " is longer than " + MAX_LINE_BYTES + " bytes");
          continue;
        }
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, len, buf.length - len);
      if (n < 0) {
        eof = true;
      } else {
        run.sha.update(buf, len, n);
        run.capture(buf, len, n);
        run.size += n;
        len += n;
      }
      if (run.failed()) {
        continue;
      }
      if (!started) {
        if (len < 3 && !eof) {
          continue;
        }
        run.start(buf, len);
        started = true;
      }
      run.scan(buf, len, eof);
    }
    return run.finish();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean hasZeroByte(long v) {
    return ((v - ONES) & ~v & HIGHS) != 0;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
  }

  /**
   * Whether a single-line paragraph reads as a title rather than as a (short) abstract. See the
   * class comment for the rule.
   */
  static boolean looksLikeTitle(byte[] b, int from, int to) {
    int len = to - from;
    if (len == 0 || len > MAX_TITLE_CHARS * 4) {
      return false;
    }
    if (len > MAX_TITLE_CHARS) {
      // Only multi-byte characters can bring a long byte run under the limit: count them.
      int chars = 0;
      for (int i = from; i < to; i++) {
        if ((b[i] & 0xC0) != 0x80 && ++chars > MAX_TITLE_CHARS) {
          return false;
        }
      }
    }
    int words = 1;
    int breaks = 0;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == ' ') {
        words++;
      } else if (c == '.' && i + 2 < to && b[i + 1] == ' ' && isUpperOrDigit(b[i + 2])) {
        breaks++;
      }
    }
    if (breaks >= 2) {
      return false;
    }
    boolean endsWithPeriod = b[to - 1] == '.' && (len < 2 || b[to - 2] != '.');
    return !(endsWithPeriod && (breaks >= 1 || words >= 12));
  }

  private static boolean isUpperOrDigit(byte c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** The state of one parse. */
  private final class Run {
    final String fileName;
    final Instant fileModified;
    final MessageDigest sha = PaperIds.newSha256();
    long size;
    final byte[] head = new byte[Rejection.MAX_RAW_BYTES];
    int headLen;

    // Scanning state; positions are indexes into the current buffer, base is its file offset.
    long base;
    int lineStart;
    int scanPos;
    int lineNo = 1;
    String failure;

    boolean inHeader = true;
    MonthDay monthDay;
    int dateLine;

    // The current paragraph: while it is a single line it stays where it was read (lazySrc at
    // lazyFrom) and is only copied into block when a second line joins it or the read buffer is
    // about to be reused; most paragraphs are single lines, so most bytes are never copied.
    byte[] block = new byte[8192];
    byte[] lazySrc;
    int lazyFrom;
    int blockLen;
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

    /** Skips a byte order mark at the start of the file. */
    void start(byte[] b, int len) {
      if (len >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF) {
        lineStart = 3;
        scanPos = 3;
      }
    }

    /** Validates and splits {@code b[scanPos, len)} into lines; stops before an incomplete tail. */
    void scan(byte[] b, int len, boolean eof) {
      int i = scanPos;
      while (i < len) {
        if (i + 8 <= len) {
          long v = (long) LONGS.get(b, i);
          if ((v & HIGHS) == 0 && !hasZeroByte(v) && !hasZeroByte(v ^ NEWLINES)) {
            i += 8;
            continue;
          }
        }
        byte c = b[i];
        if (c >= 0) {
          if (c == '\n') {
            line(b, lineStart, i);
            lineNo++;
            lineStart = i + 1;
          } else if (c == 0) {
            fail("binary file: NUL byte at line " + lineNo + " (byte offset " + (base + i) + ")");
            return;
          }
          i++;
          continue;
        }
        int need;
        int lead = c & 0xFF;
        if (lead >= 0xC2 && lead <= 0xDF) {
          need = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
          need = 3;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
          need = 4;
        } else {
          failUtf8(lead, i);
          return;
        }
        if (i + need > len) {
          if (eof) {
            fail(
                "not valid UTF-8: truncated sequence at end of file, line "
                    + lineNo
                    + " (byte offset "
                    + (base + i)
                    + ")");
            return;
          }
          break;
        }
        int second = b[i + 1] & 0xFF;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead == 0xE0) {
          lo = 0xA0; // overlong
        } else if (lead == 0xED) {
          hi = 0x9F; // surrogates
        } else if (lead == 0xF0) {
          lo = 0x90; // overlong
        } else if (lead == 0xF4) {
          hi = 0x8F; // above U+10FFFF
        }
        if (second < lo || second > hi) {
          failUtf8(lead, i);
          return;
        }
        for (int k = 2; k < need; k++) {
          if ((b[i + k] & 0xC0) != 0x80) {
            failUtf8(lead, i);
            return;
          }
        }
        i += need;
      }
      scanPos = i;
      if (eof && lineStart < len) {
        line(b, lineStart, len);
        lineStart = len;
      }
    }

    private void failUtf8(int lead, int i) {
      fail(
          String.format(
              "not valid UTF-8: malformed sequence starting with byte 0x%02X at line %d (byte"
                  + " offset %d)",
              lead, lineNo, base + i));
    }

    void line(byte[] b, int from, int to) {
      while (to > from && isBlank(b[to - 1])) {
        to--;
      }
      while (from < to && isBlank(b[from])) {
        from++;
      }
      if (from == to) {
        flushBlock();
        return;
      }
      if (inHeader) {
        if (isHeaderLine(b, from, to)) {
          return;
        }
        if (monthDay == null) {
          MonthDay md = DigestDates.parseDateLine(b, from, to);
          if (md != null) {
            monthDay = md;
            dateLine = lineNo;
            return;
          }
        }
        inHeader = false;
      }
      int n = to - from;
      if (blockLines == 0) {
        blockFirstLine = lineNo;
        lazySrc = b;
        lazyFrom = from;
        blockLen = n;
        blockLines = 1;
        return;
      }
      materialize();
      int needed = blockLen + n + 1;
      if (needed > block.length) {
        block = Arrays.copyOf(block, Math.max(needed, block.length * 2));
      }
      block[blockLen++] = ' ';
      System.arraycopy(b, from, block, blockLen, n);
      blockLen += n;
      blockLines++;
    }

    /** Copies a paragraph still held in the read buffer into {@code block}. */
    void materialize() {
      if (lazySrc == null) {
        return;
      }
      if (blockLen > block.length) {
        block = new byte[Math.max(blockLen, block.length * 2)];
      }
      System.arraycopy(lazySrc, lazyFrom, block, 0, blockLen);
      lazySrc = null;
    }

    private byte[] blockBytes() {
      return lazySrc != null ? lazySrc : block;
    }

    private int blockOffset() {
      return lazySrc != null ? lazyFrom : 0;
    }

    private boolean isHeaderLine(byte[] b, int from, int to) {
      int n = to - from;
      for (byte[] h : HEADER_LINES) {
        if (h.length == n && Arrays.equals(b, from, to, h, 0, n)) {
          return true;
        }
      }
      return false;
    }

    void flushBlock() {
      if (blockLines == 0) {
        return;
      }
      byte[] src = blockBytes();
      int off = blockOffset();
      boolean title = blockLines == 1 && looksLikeTitle(src, off, off + blockLen);
      if (pendingTitle != null) {
        if (title) {
          rejectPendingTitle("the next paragraph (line " + blockFirstLine + ") is another title");
          pendingTitle = text();
          pendingLine = blockFirstLine;
        } else {
          String abstractText = text();
          addEntry(
              new Entry(
                  PaperIds.of(pendingTitle),
                  pendingTitle,
                  abstractText,
                  entryCount + 1,
                  pendingLine));
          pendingTitle = null;
        }
      } else if (title) {
        pendingTitle = text();
        pendingLine = blockFirstLine;
      } else {
        addRejection(
            new PendingRejection(
                blockFirstLine,
                "paragraph without a title ("
                    + blockLines
                    + (blockLines == 1 ? " line, " : " lines, ")
                    + blockLen
                    + " bytes): the paragraph before it is not a title",
                Arrays.copyOfRange(src, off, off + Math.min(blockLen, Rejection.MAX_RAW_BYTES)),
                blockLen));
      }
      blockLen = 0;
      blockLines = 0;
      lazySrc = null;
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

    private String text() {
      return new String(blockBytes(), blockOffset(), blockLen, StandardCharsets.UTF_8);
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
