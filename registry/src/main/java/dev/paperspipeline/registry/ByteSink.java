package dev.paperspipeline.registry;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable ByteArrayOutputStream: one per serializing thread. */
final class ByteSink extends OutputStream {
  private byte[] buf = new byte[256];
  private int count;

  void reset() {
    count = 0;
  }

  @Override
  public void write(int b) {
    if (count == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (count + len > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
    }
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, count);
  }
}
