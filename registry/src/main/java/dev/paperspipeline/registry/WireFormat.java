package dev.paperspipeline.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's wire format: byte 0 is the magic byte {@value #MAGIC_BYTE}, bytes 1-4 the schema id
 * (big-endian), then the Avro binary encoding of the record.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /**
   * The schema id in a serialized record's header.
   *
   * @throws SerializationException when {@code data} is not in the wire format
   */
  public static int schemaId(byte[] data, String topic) {
    if (data.length < HEADER_SIZE) {
      throw new SerializationException(
          "Record of topic "
              + topic
              + " has "
              + data.length
              + " bytes: too short for the schema registry wire format (magic byte + 4-byte id)");
    }
    if (data[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "Unknown magic byte 0x%02x in record of topic %s: expected 0x00 (schema registry"
                  + " wire format)",
              data[0], topic));
    }
    return ((data[1] & 0xff) << 24)
        | ((data[2] & 0xff) << 16)
        | ((data[3] & 0xff) << 8)
        | (data[4] & 0xff);
  }

  static void writeHeader(ByteSink out, int id) {
    out.write(MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
  }
}
