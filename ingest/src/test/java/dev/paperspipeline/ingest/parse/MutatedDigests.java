package dev.paperspipeline.ingest.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutated digests for the fuzz tests (seeded: the same seed gives the same files) and an
 * independent count of what the parser must account for in each.
 */
public final class MutatedDigests {
  private static final List<String> HEADER =
      List.of(
          "new",
          "Get trending papers in your email inbox!",
          "Subscribe",
          "Daily Papers",
          "byAK and the research community",
          "by AK and the research community");

  private MutatedDigests() {}

  /** A valid digest of a few papers, then 1 to 6 random mutations; unique per {@code index}. */
  public static byte[] next(Random random, int index) {
    List<String> lines = new ArrayList<>();
    lines.add("Daily Papers");
    lines.add("");
    lines.add("byAK and the research community");
    lines.add("");
    lines.add("Nov " + (1 + random.nextInt(28)));
    lines.add("");
    int papers = 1 + random.nextInt(12);
    for (int p = 1; p <= papers; p++) {
      lines.add("Fuzz " + index + " study " + p + ": Robust Parsing of Mutated Digests");
      lines.add("");
      lines.add(
          "We mutate digest number "
              + index
              + " and check that every entry is accounted for. Our results show that nothing"
              + " is lost.");
      if (random.nextBoolean()) {
        lines.add("A wrapped second line of the abstract of paper " + p + ".");
      }
      lines.add("");
    }
    int mutations = 1 + random.nextInt(6);
    for (int m = 0; m < mutations; m++) {
      mutateLines(random, lines);
    }
    byte[] bytes =
        String.join(random.nextInt(5) == 0 ? "\r\n" : "\n", lines).getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(6) == 0) {
      bytes = mutateBytes(random, bytes);
    }
    return bytes;
  }

  private static void mutateLines(Random random, List<String> lines) {
    int at = random.nextInt(lines.size() + 1);
    int existing = Math.min(at, lines.size() - 1);
    switch (random.nextInt(10)) {
      case 0 -> lines.remove(existing);
      case 1 -> lines.add(at, lines.get(existing));
      case 2 -> lines.add(at, "");
      case 3 -> {
        int blank = lines.indexOf("");
        if (blank >= 0) {
          lines.remove(random.nextBoolean() ? blank : lines.lastIndexOf(""));
        }
      }
      case 4 -> lines.add(at, "   \t ");
      case 5 -> lines.add(at, HEADER.get(random.nextInt(HEADER.size())));
      case 6 -> lines.add(at, "Ünïcödé title 文字 " + random.nextInt(1000) + " 🙂");
      case 7 -> lines.add(at, "Aug " + (1 + random.nextInt(30)));
      case 8 -> {
        String s = lines.get(existing);
        lines.set(existing, s.substring(0, random.nextInt(s.length() + 1)));
      }
      default -> Collections.swap(lines, existing, random.nextInt(lines.size()));
    }
  }

  private static byte[] mutateBytes(Random random, byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    return switch (random.nextInt(3)) {
      case 0 -> Arrays.copyOf(bytes, random.nextInt(bytes.length));
      case 1 -> {
        byte[] b = bytes.clone();
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        yield b;
      }
      default -> {
        byte[] b = Arrays.copyOf(bytes, bytes.length + 3);
        b[bytes.length] = (byte) 0xEF;
        b[bytes.length + 1] = (byte) 0xBB;
        b[bytes.length + 2] = (byte) 0xBF;
        yield b;
      }
    };
  }

  /**
   * What the parser must do with a file, counted independently of it: -1 when the file must be
   * rejected as a whole (a NUL byte or not UTF-8), else the number of paragraphs after the header,
   * each of which ends up in a paper (two per paper) or in a rejection (one each).
   */
  public static int paragraphsToAccountFor(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return -1;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return -1;
    }
    int start =
        bytes.length >= 3
                && bytes[0] == (byte) 0xEF
                && bytes[1] == (byte) 0xBB
                && bytes[2] == (byte) 0xBF
            ? 3
            : 0;
    boolean inHeader = true;
    boolean dateSeen = false;
    boolean inParagraph = false;
    int paragraphs = 0;
    int lineStart = start;
    for (int i = start; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] != '\n') {
        continue;
      }
      int from = lineStart;
      int to = i;
      lineStart = i + 1;
      while (to > from && blank(bytes[to - 1])) {
        to--;
      }
      while (from < to && blank(bytes[from])) {
        from++;
      }
      if (from == to) {
        inParagraph = false;
        continue;
      }
      if (inHeader) {
        String line = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (HEADER.contains(line)) {
          continue;
        }
        if (!dateSeen && DigestDates.parseDateLine(bytes, from, to) != null) {
          dateSeen = true;
          continue;
        }
        inHeader = false;
      }
      if (!inParagraph) {
        paragraphs++;
        inParagraph = true;
      }
    }
    return paragraphs;
  }

  private static boolean blank(byte c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static final class Collections {
    static void swap(List<String> list, int i, int j) {
      java.util.Collections.swap(list, i, j);
    }
  }
}
