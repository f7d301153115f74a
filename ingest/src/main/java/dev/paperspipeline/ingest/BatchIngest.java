package dev.paperspipeline.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingests a fixed list of files (and the digest files directly inside given directories). */
public final class BatchIngest {
  private static final Logger log = LoggerFactory.getLogger(BatchIngest.class);

  private BatchIngest() {}

  /**
   * The files to ingest: each file given (links resolved: naming a file is asking for it), plus the
   * regular files directly inside each directory given, sorted by name. Inside a directory nothing
   * is followed: symbolic links, hard-linked files, FIFOs, devices, subdirectories and names in use
   * by writers ({@link InboxFiles}) are skipped, each logged once with why.
   *
   * @throws IOException when a path does not exist, is not a regular file, or a directory cannot be
   *     listed
   */
  public static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> inside = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path)) {
          for (Path f : dir) {
            InboxFiles.Entry entry = InboxFiles.classify(f);
            if (entry.kind() == InboxFiles.Kind.REGULAR) {
              inside.add(f);
            } else if (entry.kind().skipReason() != null) {
              log.warn("{}: skipped: {}", f, entry.kind().skipReason());
            }
          }
        }
        inside.sort(null);
        files.addAll(inside);
      } else if (Files.isRegularFile(path)) {
        files.add(path.toRealPath());
      } else if (Files.exists(path)) {
        throw new IOException("Not a regular file: " + path);
      } else {
        throw new IOException("No such file or directory: " + path);
      }
    }
    return files;
  }

  /**
   * Ingests each file in order; a file that cannot be read or committed is logged, counted as
   * FAILED, and the others still flow.
   *
   * @throws IngestException when another ingester took over the transactional id
   */
  public static IngestSummary run(
      DigestIngester ingester, List<Path> files, Consumer<FileOutcome> listener) {
    IngestSummary summary = new IngestSummary();
    Consumer<FileOutcome> sink =
        outcome -> {
          summary.add(outcome);
          if (listener != null) {
            listener.accept(outcome);
          }
        };
    ingester.ingestAll(
        files,
        sink,
        (file, e) -> {
          log.error("{}: cannot read: {}", file, e.toString());
          sink.accept(failed(file));
        });
    return summary;
  }

  private static FileOutcome failed(Path file) {
    return new FileOutcome(file.getFileName().toString(), null, FileOutcome.Status.FAILED, 0, 0);
  }
}
