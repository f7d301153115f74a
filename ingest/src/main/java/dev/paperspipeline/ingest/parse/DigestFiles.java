package dev.paperspipeline.ingest.parse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Turns command-line paths into the digest files to read. */
public final class DigestFiles {

  private DigestFiles() {}

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
