package dev.paperspipeline.ingest;

import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import dev.paperspipeline.ingest.parse.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parser as the ingester sees it: papers to send, rejections to dead-letter.
 *
 * <p>Files are opened without following links and only when they are regular files (opening a FIFO
 * would block). A file up to {@link #STREAMING_THRESHOLD_BYTES} is parsed into memory; a larger one
 * is parsed twice in bounded memory: once now to hash and validate it (nothing held), once while
 * its records are sent ({@link #replay}), so that its size is limited by the disk and the
 * transaction timeout, not by the heap.
 */
final class DigestFileParser {
  /** Files larger than this are streamed (parsed twice, nothing held) rather than held. */
  static final long STREAMING_THRESHOLD_BYTES = 16L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(DigestFileParser.class);

  /** One rejected entry ({@code wholeFile} false) or a wholly rejected file. */
  record Reject(int lineNumber, String reason, byte[] raw, long rawSize, boolean wholeFile) {}

  /**
   * One parsed file.
   *
   * @param path where it was read
   * @param papers its papers; null when the file is streamed (see {@link #replay})
   * @param rejects its rejections; for a streamed file only a whole-file rejection
   * @param claimedSize size when it was opened
   * @param claimedMtimeMillis modification time when it was opened
   */
  record Parsed(
      Path path,
      String fileName,
      String sha256,
      List<ParsedPaper> papers,
      List<Reject> rejects,
      boolean wholeFileRejected,
      long claimedSize,
      long claimedMtimeMillis) {

    boolean streamed() {
      return papers == null;
    }

    /** Whether the file on disk is no longer what was parsed (size or mtime changed, gone). */
    boolean changedOnDisk() {
      try {
        BasicFileAttributes now =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return !now.isRegularFile()
            || now.size() != claimedSize
            || now.lastModifiedTime().toMillis() != claimedMtimeMillis;
      } catch (IOException e) {
        return true;
      }
    }
  }

  /** Thrown by {@link #replay} when a streamed file's bytes differ from the first pass. */
  static final class ChangedException extends IOException {
    ChangedException(String message) {
      super(message);
    }
  }

  private final DigestParser parser;
  private final long streamingThreshold;

  DigestFileParser(DigestParser parser, long streamingThreshold) {
    this.parser = parser;
    this.streamingThreshold = streamingThreshold;
  }

  static DigestFileParser create(Integer year, Clock clock) {
    return new DigestFileParser(
        new DigestParser(new ParserOptions(year, clock)), STREAMING_THRESHOLD_BYTES);
  }

  Parsed parse(Path file) throws IOException {
    BasicFileAttributes attrs = regularFileAttributes(file);
    Instant modified = attrs.lastModifiedTime().toInstant();
    String name = file.getFileName().toString();
    ParseResult result;
    boolean streamed = attrs.size() > streamingThreshold;
    try (InputStream in = open(file)) {
      result =
          streamed
              ? parser.parse(name, in, modified, "", DigestParser.Sink.COUNT_ONLY)
              : parser.parse(name, in, modified);
    }
    // A file that grew (or shrank) while it was read is not what was claimed.
    long size = result.sizeBytes() == attrs.size() ? attrs.size() : -1;
    for (String warning : result.warnings()) {
      log.warn("{}", warning); // one per file whose date was inferred, or that holds no papers
    }
    List<Reject> rejects = result.allRejections().stream().map(DigestFileParser::toReject).toList();
    return new Parsed(
        file,
        result.fileName(),
        result.sha256(),
        streamed && result.fileRejection() == null ? null : result.papers(),
        rejects,
        result.fileRejection() != null,
        size,
        attrs.lastModifiedTime().toMillis());
  }

  /**
   * Parses a streamed file again, handing its papers and rejections over in file order.
   *
   * @throws ChangedException when the bytes are not those of the first pass (nothing sent may be
   *     committed then)
   */
  void replay(Parsed parsed, Consumer<ParsedPaper> papers, Consumer<Reject> rejects)
      throws IOException {
    if (!parsed.streamed()) {
      parsed.papers().forEach(papers);
      parsed.rejects().forEach(rejects);
      return;
    }
    Path file = parsed.path();
    BasicFileAttributes attrs = regularFileAttributes(file);
    ParseResult result;
    try (InputStream in = open(file)) {
      result =
          parser.parse(
              parsed.fileName(),
              in,
              attrs.lastModifiedTime().toInstant(),
              parsed.sha256(),
              new DigestParser.Sink() {
                @Override
                public void paper(ParsedPaper paper) {
                  papers.accept(paper);
                }

                @Override
                public void rejection(Rejection rejection) {
                  rejects.accept(toReject(rejection));
                }
              });
    }
    if (!result.sha256().equals(parsed.sha256()) || result.fileRejection() != null) {
      throw new ChangedException(file + ": changed while it was being ingested");
    }
  }

  /**
   * A whole-file rejection for a file the parser could not handle (an internal error such as memory
   * exhausted): it is hashed (streaming) so that it gets a ledger entry and a dead letter.
   */
  Parsed unhandled(Path file, Throwable error) throws IOException {
    BasicFileAttributes attrs = regularFileAttributes(file);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    byte[] head = new byte[0];
    try (InputStream in = open(file)) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        if (head.length == 0) {
          head = java.util.Arrays.copyOf(buf, n);
        }
        sha.update(buf, 0, n);
      }
    }
    String reason = "could not be handled: " + describe(error);
    return new Parsed(
        file,
        file.getFileName().toString(),
        java.util.HexFormat.of().formatHex(sha.digest()),
        List.of(),
        List.of(new Reject(0, reason, head, attrs.size(), true)),
        true,
        attrs.size(),
        attrs.lastModifiedTime().toMillis());
  }

  private static String describe(Throwable error) {
    if (error instanceof OutOfMemoryError) {
      return "out of memory";
    }
    return "internal error (see the ingester's log)";
  }

  /** Attributes of a regular file, read without following links; anything else is refused. */
  static BasicFileAttributes regularFileAttributes(Path file) throws IOException {
    BasicFileAttributes attrs =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attrs.isRegularFile()) {
      throw new IOException(file + ": not a regular file; not read");
    }
    return attrs;
  }

  private static InputStream open(Path file) throws IOException {
    return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  private static Reject toReject(Rejection r) {
    return new Reject(r.lineNumber(), r.reason(), r.raw(), r.rawSize(), r.wholeFile());
  }
}
