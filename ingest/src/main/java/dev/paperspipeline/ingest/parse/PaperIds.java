package dev.paperspipeline.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/** The paper id contract of {@code PaperEvent.paperId}. */
public final class PaperIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(PaperIds::newSha256);

  private PaperIds() {}

  /**
   * The paper id of a title: NFKC, upper then lower case ({@link Locale#ROOT}), every run of
   * characters that are neither letters nor digits replaced by one space, trimmed; then the first
   * 16 bytes of the SHA-256 of the UTF-8 of that, as 32 lower-case hex digits.
   */
  public static String of(String title) {
    byte[] digest = SHA256.get().digest(normalize(title).getBytes(StandardCharsets.UTF_8));
    return hex(digest, 16);
  }

  /** The normalized title that {@link #of(String)} hashes. */
  public static String normalize(String title) {
    String s = title;
    boolean ascii = true;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii) {
      // ASCII is invariant under NFKC and its case mapping is plain lower-casing: skip the work.
      s = Normalizer.normalize(s, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
    }
    s = s.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(s.length());
    boolean pendingSpace = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        pendingSpace = false;
        out.appendCodePoint(cp);
      } else {
        pendingSpace = true;
      }
    }
    return out.toString();
  }

  static String hex(byte[] bytes, int count) {
    char[] out = new char[count * 2];
    for (int i = 0; i < count; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
