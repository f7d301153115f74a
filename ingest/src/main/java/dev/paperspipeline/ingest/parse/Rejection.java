package dev.paperspipeline.ingest.parse;

import java.util.Arrays;

/**
 * Something the parser could not turn into papers: one entry of a file, or a whole file.
 *
 * @param fileName base name of the digest file
 * @param fileSha256 lower-case hex SHA-256 of the whole file's bytes
 * @param lineNumber 1-based line of the rejected entry; 0 when the whole file is rejected
 * @param reason human-readable reason
 * @param raw the rejected bytes, at most {@link #MAX_RAW_BYTES} of them
 * @param rawSize the size of the rejected bytes before truncation
 */
public record Rejection(
    String fileName, String fileSha256, int lineNumber, String reason, byte[] raw, long rawSize) {

  /** Upper bound of {@link #raw()}. */
  public static final int MAX_RAW_BYTES = 64 * 1024;

  public Rejection {
    raw = raw == null ? new byte[0] : raw;
    if (raw.length > MAX_RAW_BYTES) {
      raw = Arrays.copyOf(raw, MAX_RAW_BYTES);
    }
  }

  /** True when the whole file was rejected rather than one entry. */
  public boolean wholeFile() {
    return lineNumber == 0;
  }

  /** {@code file:line: reason}. */
  public String describe() {
    return fileName + ":" + lineNumber + ": " + reason;
  }

  @Override
  public String toString() {
    return "Rejection[" + describe() + ", rawSize=" + rawSize + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rejection r
        && fileName.equals(r.fileName)
        && fileSha256.equals(r.fileSha256)
        && lineNumber == r.lineNumber
        && reason.equals(r.reason)
        && Arrays.equals(raw, r.raw)
        && rawSize == r.rawSize;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * fileName.hashCode() + lineNumber) + reason.hashCode();
  }
}
