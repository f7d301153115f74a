package dev.paperspipeline.ingest.parse;

import java.util.List;
import java.util.Optional;

/**
 * Everything the parser got from one digest file.
 *
 * @param fileName base name of the file
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param sizeBytes size of the file in bytes
 * @param papers papers in file order
 * @param rejections entries that could not be read as a paper (the rest of the file is kept)
 * @param warnings things worth knowing that lose nothing (empty file, no papers, bad date line)
 * @param fileRejection non-null when the whole file was rejected (binary, not UTF-8); then {@code
 *     papers} is empty
 */
public record ParseResult(
    String fileName,
    String sha256,
    long sizeBytes,
    List<ParsedPaper> papers,
    List<Rejection> rejections,
    List<String> warnings,
    Rejection fileRejection) {

  public ParseResult {
    papers = List.copyOf(papers);
    rejections = List.copyOf(rejections);
    warnings = List.copyOf(warnings);
  }

  /** The whole-file rejection, if any. */
  public Optional<Rejection> fileRejectionOpt() {
    return Optional.ofNullable(fileRejection);
  }

  /** True when nothing was rejected (warnings do not count). */
  public boolean ok() {
    return fileRejection == null && rejections.isEmpty();
  }

  /** Entry rejections plus the file rejection, if any. */
  public List<Rejection> allRejections() {
    if (fileRejection == null) {
      return rejections;
    }
    var all = new java.util.ArrayList<Rejection>(rejections);
    all.add(fileRejection);
    return List.copyOf(all);
  }
}
