package dev.paperspipeline.ingest.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/** The paper id contract of {@code PaperEvent.paperId}. */
public final class PaperIds {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private PaperIds() {}

  /**
   * The paper id of a title: NFKC, upper then lower case ({@link Locale#ROOT}), every run of
   * characters that are neither letters nor digits replaced by one space, trimmed; then the first
   * 16 bytes of the SHA-256 of the UTF-8 of that, as 32 lower-case hex digits.
   */
  public static String of(String title) {
    Scratch scratch = SCRATCH.get();
    int n = title.length();
    byte[] buf = scratch.buffer(n);
    int len = 0;
    boolean pendingSpace = false;
    // Fast path for ASCII titles (nearly all of them): NFKC and the case mapping reduce to
    // lower-casing, and the normalized bytes go straight into the digest without a String.
    for (int i = 0; i < n; i++) {
      char c = title.charAt(i);
      if (c >= 0x80) {
        return hash(scratch, normalize(title).getBytes(StandardCharsets.UTF_8));
      }
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        pendingSpace = true;
        continue;
      }
      if (pendingSpace && len > 0) {
        buf[len++] = ' ';
      }
      pendingSpace = false;
      buf[len++] = (byte) c;
    }
    return hash(scratch, buf, len);
  }

  private static String hash(Scratch scratch, byte[] bytes) {
    return hash(scratch, bytes, bytes.length);
  }

  private static String hash(Scratch scratch, byte[] bytes, int len) {
    MessageDigest md = scratch.sha256;
    md.update(bytes, 0, len);
    try {
      md.digest(scratch.digest, 0, 32);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException("SHA-256 digest of 32 bytes", e);
    }
    return hex(scratch.digest, 16);
  }

  /** Per-thread digest and buffers, so an id costs one String and nothing else. */
  private static final class Scratch {
    final MessageDigest sha256 = newSha256();
    final byte[] digest = new byte[32];
    byte[] buffer = new byte[512];

    byte[] buffer(int chars) {
      // ASCII: at most one byte per char, plus the separating spaces which replace chars.
      if (buffer.length < chars) {
        buffer = new byte[Math.max(chars, buffer.length * 2)];
      }
      return buffer;
    }
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
