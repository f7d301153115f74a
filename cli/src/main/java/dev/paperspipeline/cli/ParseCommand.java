package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.parse.DigestFiles;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.PaperJsonWriter;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import dev.paperspipeline.ingest.parse.Rejection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code papers parse PATH...}: digests to JSON Lines on stdout, diagnostics on stderr. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parses digest files and prints one JSON object per paper per line (JSON Lines) on stdout.",
      "Fields are those of the Avro PaperEvent: paperId, title, abstractText, digestDate (ISO date"
          + " string such as 2025-08-12, or null), digestDateSource (OPTION, FILE_NAME,"
          + " FILE_MTIME, MTIME_DAY, or null), lineage {fileName, fileSha256, ordinal, lineNumber} and ingestedAt (epoch"
          + " milliseconds of this run).",
      "Rejected entries and files (file:line: reason), warnings and a one-line summary go to"
          + " stderr."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:everything parsed",
      "1:an entry or a file was rejected (the good papers are still printed)",
      "2:bad usage or a missing path",
      "4:internal error (see the log; --verbose shows the stack trace)"
    })
public final class ParseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Digest files or directories.")
  List<Path> paths;

  @Option(
      names = "--year",
      paramLabel = "N",
      description =
          "Year of every date line (default: the file name's date, else the latest such date"
              + " not after the file's mtime).")
  Integer year;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description =
          "Date of every digest, over the date line and the file name. Without it a date is"
              + " resolved from the file name, else the date line and the mtime's year, else the"
              + " mtime's day; a warning names each file whose date was inferred.")
  LocalDate date;

  @Override
  public Integer call() throws IOException {
    try {
      return parseAll();
    } catch (OutOfMemoryError | RuntimeException e) {
      // An internal failure never looks like "input rejected" (1).
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "papers parse: internal error: "
              + (e instanceof OutOfMemoryError ? "out of memory" : "unexpected failure")
              + "; nothing more was parsed");
      err.flush();
      return ExitCodes.INTERNAL;
    }
  }

  private int parseAll() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files;
    try {
      files = DigestFiles.expand(paths);
    } catch (NoSuchFileException e) {
      err.println("papers parse: no such file or directory: " + e.getFile());
      err.flush();
      return 2;
    }
    DigestParser parser =
        new DigestParser(new ParserOptions(year, Clock.systemUTC()).withDate(date));
    Instant now = Instant.now();
    long started = System.nanoTime();
    long bytes = 0;
    long papers = 0;
    long rejectedEntries = 0;
    long rejectedFiles = 0;
    long warnings = 0;
    try (PaperJsonWriter json = new PaperJsonWriter(out)) {
      for (Path file : files) {
        ParseResult result;
        long[] counts = new long[2];
        try {
          // Streamed in bounded memory: papers are printed as they are read, never all held.
          result =
              DigestFiles.parseStreaming(
                  parser,
                  file,
                  new DigestParser.Sink() {
                    @Override
                    public void paper(ParsedPaper p) {
                      try {
                        json.write(p, now);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                      counts[0]++;
                    }

                    @Override
                    public void rejection(Rejection r) {
                      err.println("rejected: " + r.describe());
                      counts[1]++;
                    }
                  });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        } catch (IOException e) {
          // One unreadable file must not cost the others.
          err.println("rejected file: " + file + ":0: cannot read: " + e.getMessage());
          rejectedFiles++;
          continue;
        }
        bytes += result.sizeBytes();
        json.flush();
        papers += counts[0];
        rejectedEntries += counts[1];
        for (String w : result.warnings()) {
          err.println("warning: " + w);
          warnings++;
        }
        if (result.fileRejection() != null) {
          err.println("rejected file: " + result.fileRejection().describe());
          rejectedFiles++;
        }
      }
    }
    out.flush();
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    err.println(
        String.format(
            Locale.ROOT,
            "parsed %d files: %d papers, %d rejected (%d entries, %d files), %d warnings; %.1f MB"
                + " in %.2f s (%.1f MB/s)",
            files.size(),
            papers,
            rejectedEntries + rejectedFiles,
            rejectedEntries,
            rejectedFiles,
            warnings,
            bytes / 1e6,
            seconds,
            bytes / 1e6 / seconds));
    err.flush();
    return rejectedEntries + rejectedFiles == 0 ? 0 : 1;
  }
}
