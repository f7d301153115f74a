package dev.paperspipeline.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;

/**
 * Which entries of an inbox (or of a directory given to {@code papers ingest}) may be read.
 *
 * <p>Only regular files directly inside the directory are ingested. Nothing is followed: a symbolic
 * link is skipped whatever it points to (reading it could publish a file from outside the inbox),
 * and so are directories, FIFOs (opening one blocks until a writer comes), devices, sockets, and
 * regular files with more than one hard link where the file system reports the link count ({@code
 * unix:nlink}): a second name for a file elsewhere is the same leak as a symlink. Attributes are
 * always read with {@link LinkOption#NOFOLLOW_LINKS}, and the ingester opens files with it too, so
 * a file swapped for a link after this check is not followed either.
 *
 * <p>Names that writers use while a file is being written are ignored until renamed (see {@link
 * #TEMPORARY_SUFFIXES}): the safe way to drop a file is to write it under such a name, or outside
 * the inbox on the same file system, and rename it into place.
 */
public final class InboxFiles {

  /**
   * Suffixes (case-insensitive) of names that are being written: ignored until renamed. Names
   * starting with a dot are ignored too.
   */
  public static final List<String> TEMPORARY_SUFFIXES =
      List.of(".tmp", ".part", ".partial", ".crdownload", ".swp", "~");

  /** The documented list, for {@code --help} and the README. */
  public static final String TEMPORARY_NAMES_HELP =
      "names starting with '.' or ending in "
          + String.join(", ", TEMPORARY_SUFFIXES)
          + " (case-insensitive)";

  /** What an entry is and whether it may be read. */
  public enum Kind {
    /** A regular file with one link: may be ingested. */
    REGULAR,
    /** A name in use by a writer (or a hidden file): silently ignored. */
    TEMPORARY,
    /** A name starting with {@code ..}: ignored, but logged once (often a leftover). */
    DOT_DOT,
    SYMLINK,
    DIRECTORY,
    /** A FIFO, device or socket. */
    SPECIAL,
    /** A regular file that has other names (hard links). */
    HARD_LINK,
    /** Vanished while being looked at. */
    GONE;

    /** Why an entry of this kind is skipped (null for REGULAR and TEMPORARY). */
    public String skipReason() {
      return switch (this) {
        case REGULAR, TEMPORARY, GONE -> null;
        case DOT_DOT -> "name starts with '..'";
        case SYMLINK -> "symbolic link (only regular files inside the inbox are read)";
        case DIRECTORY -> "directory (subdirectories are not read)";
        case SPECIAL -> "not a regular file (FIFO, device or socket)";
        case HARD_LINK -> "regular file with more than one hard link";
      };
    }
  }

  /**
   * One classified entry.
   *
   * @param attrs its attributes (not following links); null when GONE
   */
  public record Entry(Path path, Kind kind, BasicFileAttributes attrs) {}

  private InboxFiles() {}

  /** Whether a file name is a temporary or hidden file that must not be ingested. */
  public static boolean isTemporaryName(String name) {
    if (name.startsWith(".")) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix : TEMPORARY_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** Classifies one directory entry without following links and without opening it. */
  public static Entry classify(Path path) throws IOException {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (name.startsWith("..")) {
      return new Entry(path, Kind.DOT_DOT, null);
    }
    if (isTemporaryName(name)) {
      return new Entry(path, Kind.TEMPORARY, null);
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return new Entry(path, Kind.GONE, null);
    }
    Kind kind;
    if (attrs.isSymbolicLink()) {
      kind = Kind.SYMLINK;
    } else if (attrs.isDirectory()) {
      kind = Kind.DIRECTORY;
    } else if (!attrs.isRegularFile()) {
      kind = Kind.SPECIAL;
    } else if (linkCount(path) > 1) {
      kind = Kind.HARD_LINK;
    } else {
      kind = Kind.REGULAR;
    }
    return new Entry(path, kind, attrs);
  }

  /** The hard-link count where the file system reports it, else 1. */
  static int linkCount(Path path) throws IOException {
    if (!path.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return 1;
    }
    try {
      Object n = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      return n instanceof Integer i ? i : 1;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return 1;
    }
  }
}
