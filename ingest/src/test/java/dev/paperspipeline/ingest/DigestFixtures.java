package dev.paperspipeline.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes synthetic digest files in the daily-papers text layout (never the shared digests). */
final class DigestFixtures {
  private DigestFixtures() {}

  /** A digest with {@code papers} entries whose titles all start with {@code seed}. */
  static String digest(String seed, int papers) {
    return digest(seed, papers, 0);
  }

  /** As {@link #digest(String, int)} with abstracts padded to at least {@code abstractChars}. */
  static String digest(String seed, int papers, int abstractChars) {
    StringBuilder text = new StringBuilder();
    text.append("Daily Papers\n\nbyAK and the research community\n\nNov 3\n\n");
    for (int i = 1; i <= papers; i++) {
      text.append(seed)
          .append(" study ")
          .append(i)
          .append(": Scaling Synthetic Fixtures for Stream Ingestion\n\n");
      text.append("We examine how synthetic fixture number ")
          .append(i)
          .append(" of the ")
          .append(seed)
          .append(" series behaves when streamed through a transactional ingester. ")
          .append("Our experiments show that every entry is delivered exactly once, ")
          .append("that lineage headers survive, and that restarts neither lose nor duplicate")
          .append(" records.");
      int start = text.length();
      while (text.length() - start < abstractChars) {
        text.append(" Further experiments on batch ")
            .append(text.length() - start)
            .append(" confirm the throughput and latency trade-offs we report.");
      }
      text.append(" We release the fixtures for reproducibility.\n\n");
    }
    return text.toString();
  }

  static Path write(Path dir, String name, String seed, int papers) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), digest(seed, papers), StandardCharsets.UTF_8);
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** Bytes that are not UTF-8 text at all. */
  static Path writeBinary(Path dir, String name) throws IOException {
    byte[] bytes = new byte[4096];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 131 + 7);
    }
    bytes[0] = 0;
    bytes[1] = (byte) 0xC3;
    bytes[2] = (byte) 0x28;
    Files.createDirectories(dir);
    return Files.write(dir.resolve(name), bytes);
  }
}
