package dev.paperspipeline.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperspipeline.registry.GenericAvroDeserializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.WireFormat;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns raw Kafka records into one JSON object each, decoding Confluent wire-format Avro values
 * through a schema registry: what {@code papers tail} prints.
 *
 * <p>The object has the fields {@code topic}, {@code partition}, {@code offset}, {@code timestamp}
 * (ISO-8601 UTC), {@code timestampType}, {@code key} (UTF-8 string or null), {@code headers} (an
 * object of UTF-8 strings; a header name that occurs more than once gets an array of its values in
 * order), {@code valueFormat} and {@code value}:
 *
 * <ul>
 *   <li>{@code avro}: the value is wire-format Avro; {@code value} is the record as plain JSON
 *       ({@link AvroJson}: unions as the branch's value, bytes as base64, logical types as ISO-8601
 *       text); {@code valueSchemaId} and {@code valueSchema} (the writer schema's full name) are
 *       added.
 *   <li>{@code utf8}: not wire-format Avro and valid UTF-8 (and base64 was not forced): the text.
 *   <li>{@code base64}: anything else, or every non-Avro value when base64 is forced.
 *   <li>{@code null}: a tombstone; {@code value} is null.
 * </ul>
 *
 * A value that starts with the wire-format magic byte but cannot be decoded (unknown schema id,
 * corrupt bytes) is printed as base64 with a {@code valueError}. Thread-safe.
 */
public final class RecordDecoder {
  private static final Logger log = LoggerFactory.getLogger(RecordDecoder.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code valueFormat} of a wire-format Avro value. */
  public static final String FORMAT_AVRO = "avro";

  /** {@code valueFormat} of a value printed as UTF-8 text. */
  public static final String FORMAT_UTF8 = "utf8";

  /** {@code valueFormat} of a value printed as base64. */
  public static final String FORMAT_BASE64 = "base64";

  /** {@code valueFormat} of a tombstone. */
  public static final String FORMAT_NULL = "null";

  private final GenericAvroDeserializer deserializer;
  private final boolean forceBase64;

  /**
   * @param client registry the Avro values' schema ids are resolved in (not closed here)
   * @param forceBase64 print every value that is not wire-format Avro as base64, even if it is text
   */
  public RecordDecoder(SchemaRegistryClient client, boolean forceBase64) {
    this.deserializer = new GenericAvroDeserializer(client);
    this.forceBase64 = forceBase64;
  }

  /** The record as one JSON object (see the class comment). */
  public ObjectNode toJson(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode out = NODES.objectNode();
    out.put("topic", record.topic());
    out.put("partition", record.partition());
    out.put("offset", record.offset());
    out.put(
        "timestamp",
        record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()).toString());
    out.put("timestampType", record.timestampType().name);
    out.put("key", record.key() == null ? null : utf8OrNull(record.key()));
    if (record.key() != null && out.get("key").isNull()) {
      // Not text: keep the bytes rather than printing mangled characters.
      out.put("key", Base64.getEncoder().encodeToString(record.key()));
      out.put("keyFormat", FORMAT_BASE64);
    }
    out.set("headers", headers(record));
    value(record, out);
    return out;
  }

  /** The record as one line of JSON, without a line terminator. */
  public String toJsonLine(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.writeValueAsString(toJson(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON of " + where(record), e);
    }
  }

  private static ObjectNode headers(ConsumerRecord<byte[], byte[]> record) {
    ObjectNode headers = NODES.objectNode();
    for (Header h : record.headers()) {
      String v = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      JsonNode prior = headers.get(h.key());
      if (prior == null) {
        headers.put(h.key(), v);
      } else if (prior.isArray()) {
        ((ArrayNode) prior).add(v);
      } else {
        ArrayNode all = headers.arrayNode();
        all.add(prior);
        all.add(v);
        headers.set(h.key(), all);
      }
    }
    return headers;
  }

  private void value(ConsumerRecord<byte[], byte[]> record, ObjectNode out) {
    byte[] data = record.value();
    if (data == null) {
      out.put("valueFormat", FORMAT_NULL);
      out.putNull("value");
      return;
    }
    if (data.length >= WireFormat.HEADER_SIZE && data[0] == WireFormat.MAGIC_BYTE) {
      int id = WireFormat.schemaId(data, record.topic());
      try {
        GenericRecord decoded = deserializer.deserialize(record.topic(), data);
        out.put("valueFormat", FORMAT_AVRO);
        out.put("valueSchemaId", id);
        out.put("valueSchema", decoded.getSchema().getFullName());
        out.set("value", AvroJson.toJson(decoded));
        return;
      } catch (SerializationException e) {
        log.warn(
            "{}: value not decodable with schema id {}: {}", where(record), id, e.getMessage());
        out.put("valueFormat", FORMAT_BASE64);
        out.put("valueSchemaId", id);
        out.put("valueError", e.getMessage());
        out.put("value", Base64.getEncoder().encodeToString(data));
        return;
      }
    }
    String text = forceBase64 ? null : utf8OrNull(data);
    if (text != null) {
      out.put("valueFormat", FORMAT_UTF8);
      out.put("value", text);
    } else {
      out.put("valueFormat", FORMAT_BASE64);
      out.put("value", Base64.getEncoder().encodeToString(data));
    }
  }

  private static String where(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  /** Strictly decoded UTF-8, or null when the bytes are not valid UTF-8. */
  static String utf8OrNull(byte[] bytes) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
