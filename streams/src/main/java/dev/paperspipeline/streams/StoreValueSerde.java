package dev.paperspipeline.streams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of a state store's Avro value: a format byte, then the record in plain Avro binary with
 * the schema compiled into this version (local state needs no registry; the schema's history under
 * {@code schemas/history/} keeps it readable across versions).
 *
 * <p>A value this version cannot read, such as the text lines earlier versions kept in these
 * stores, fails with an exception naming the store and how to rebuild it ({@code papers reset}),
 * never as a silently wrong value; the processing exception handler stops the app on it.
 */
public final class StoreValueSerde {
  /** The first byte of every value; the text values of earlier versions never start with it. */
  static final byte FORMAT = 0;

  private StoreValueSerde() {}

  /** The serde of {@code type} values in the store named {@code store}. */
  public static <T extends SpecificRecord> Serde<T> of(String store, Class<T> type) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader =
        new SpecificDatumReader<>(
            SpecificData.get().getSchema(type), SpecificData.get().getSchema(type));
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          out.write(FORMAT);
          BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
          try {
            writer.write(value, encoder);
            encoder.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return out.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          if (bytes.length == 0 || bytes[0] != FORMAT) {
            throw unreadable(store, type, null);
          }
          try {
            BinaryDecoder decoder =
                DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
              throw unreadable(store, type, null);
            }
            return value;
          } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw unreadable(store, type, e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /**
   * Whether {@code failure} is, or was caused by, a store value this version cannot read: the app
   * must stop (a rebuild is needed), not send the record to dead letters and go on.
   */
  public static boolean isUnreadableState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnreadableStateException) {
        return true;
      }
    }
    return false;
  }

  /** A store holds a value this version cannot read. */
  public static final class UnreadableStateException extends SerializationException {
    private static final long serialVersionUID = 1L;

    UnreadableStateException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static SerializationException unreadable(String store, Class<?> type, Exception cause) {
    return new UnreadableStateException(
        "state store "
            + store
            + " holds a value that is not a "
            + type.getSimpleName()
            + " record of this version (state written by an earlier version?):"
            + " stop the apps and run `papers reset` to rebuild it from the topics",
        cause);
  }
}
