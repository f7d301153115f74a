package dev.paperspipeline.streams.trends;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One paper's contribution to the windows (day and week) of one kind: the internal value of the
 * trends repartition topic (never published, so a compact binary format rather than Avro).
 *
 * @param kind TOPIC or KEYPHRASE
 * @param eventTimeMs the paper's digest date at midnight UTC (or its record time)
 * @param paperId the paper
 * @param title the paper's title, kept for drill-down
 * @param names the topic ids or keyphrases of the paper
 * @param retraction true for a move: the paper is no longer counted on the day of {@code
 *     eventTimeMs} (it has an earlier digest date; its hit for that date follows), under whatever
 *     names it was counted there; {@code names} is then empty
 */
public record TrendHit(
    TrendKind kind,
    long eventTimeMs,
    String paperId,
    String title,
    List<String> names,
    boolean retraction) {

  /** A hit that counts the paper. */
  public TrendHit(
      TrendKind kind, long eventTimeMs, String paperId, String title, List<String> names) {
    this(kind, eventTimeMs, paperId, title, names, false);
  }

  /** The retraction of a paper from the day of {@code eventTimeMs} (see {@link #retraction}). */
  public static TrendHit retract(TrendKind kind, long eventTimeMs, String paperId, String title) {
    return new TrendHit(kind, eventTimeMs, paperId, title, List.of(), true);
  }

  /** Serde of the repartition topic. */
  public static final class TrendHitSerde implements Serde<TrendHit> {
    // Version 1 also carried a window size; its hits are read as hits of both sizes, which the
    // per-paper membership makes idempotent. Version 3 adds the retraction flag.
    private static final byte VERSION = 3;

    @Override
    public Serializer<TrendHit> serializer() {
      return (topic, hit) -> {
        if (hit == null) {
          return null;
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes)) {
          out.writeByte(VERSION);
          out.writeByte(hit.kind().ordinal());
          out.writeLong(hit.eventTimeMs());
          out.writeUTF(hit.paperId());
          out.writeUTF(hit.title().length() > 4000 ? hit.title().substring(0, 4000) : hit.title());
          out.writeShort(hit.names().size());
          for (String n : hit.names()) {
            out.writeUTF(n);
          }
          out.writeBoolean(hit.retraction());
          out.flush();
          return bytes.toByteArray();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }

    @Override
    public Deserializer<TrendHit> deserializer() {
      return (topic, data) -> {
        if (data == null) {
          return null;
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
          byte version = in.readByte();
          if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("unknown TrendHit version " + version);
          }
          TrendKind kind = TrendKind.values()[in.readByte()];
          if (version == 1) {
            in.readByte(); // the window size
          }
          long ts = in.readLong();
          String paperId = in.readUTF();
          String title = in.readUTF();
          int n = in.readShort();
          List<String> names = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            names.add(in.readUTF());
          }
          boolean retraction = version >= 3 && in.readBoolean();
          return new TrendHit(kind, ts, paperId, title, names, retraction);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
    }
  }
}
