package dev.paperspipeline.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns command-line paths into the digest files to read. */
public final class DigestFiles {

  /** Files larger than this are parsed in two passes (nothing held) by {@link #parseStreaming}. */
  public static final long STREAMING_THRESHOLD_BYTES = 16L * 1024 * 1024;

  private DigestFiles() {}

  /**
   * Parses a regular file of any size in bounded memory, handing papers and rejected entries to
   * {@code sink} in file order; the result's lists are empty. A file up to {@link
   * #STREAMING_THRESHOLD_BYTES} is parsed in memory first; a larger one is read twice: once to hash
   * and validate it (a binary file is rejected before anything reaches the sink), once for the
   * sink.
   *
   * @throws IOException when the file cannot be read, is not a regular file (a FIFO is never
   *     opened), or changed between the two passes
   */
  public static ParseResult parseStreaming(DigestParser parser, Path file, DigestParser.Sink sink)
      throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      throw new IOException(file + ": not a regular file");
    }
    String name = file.getFileName().toString();
    Instant modified = attrs.lastModifiedTime().toInstant();
    if (attrs.size() <= STREAMING_THRESHOLD_BYTES) {
      ParseResult r = parser.parse(file);
      r.papers().forEach(sink::paper);
      r.rejections().forEach(sink::rejection);
      return new ParseResult(
          r.fileName(),
          r.sha256(),
          r.sizeBytes(),
          List.of(),
          List.of(),
          r.warnings(),
          r.fileRejection());
    }
    ParseResult first;
    try (InputStream in = Files.newInputStream(file)) {
      first = parser.parse(name, in, modified, "", DigestParser.Sink.COUNT_ONLY);
    }
    if (first.fileRejection() != null) {
      return first;
    }
    ParseResult second;
    try (InputStream in = Files.newInputStream(file)) {
      second = parser.parse(name, in, modified, first.sha256(), sink);
    }
    if (!second.sha256().equals(first.sha256()) || second.fileRejection() != null) {
      throw new IOException(file + ": changed while it was being read");
    }
    return second;
  }

  /**
   * Each path as given when it is a file; the regular files directly inside it, sorted by name,
   * when it is a directory (not recursive).
   *
   * @throws NoSuchFileException when a path does not exist
   */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> inside = Files.list(p)) {
          inside.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
      } else if (Files.exists(p)) {
        files.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such file or directory");
      }
    }
    return files;
  }
}
