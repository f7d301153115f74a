package dev.paperspipeline.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro datum as plain JSON: what {@code papers tail} prints as a record's value and what the
 * dashboard's API answers for the Avro records it serves.
 *
 * <p>Records are objects and maps are objects; arrays are arrays; a union is its branch's value,
 * not Avro's {@code {"type": value}} wrapping; enums and strings are text; bytes and fixed are
 * base64; {@code date} is {@code yyyy-MM-dd}, {@code timestamp-millis/micros} ISO-8601 instants,
 * {@code time-millis/micros} {@code HH:mm:ss.SSS} ({@code java.time}'s ISO-8601 text), {@code
 * decimal} its plain number as text.
 *
 * <p>The datum may come from a generic reader (logical types as their underlying int, long or
 * bytes) or be a generated specific record (logical types as {@code java.time} and {@code
 * BigDecimal} values): both give the same JSON.
 */
public final class AvroJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // Resolves union branches for converted logical-type values (LocalDate, Instant, ...) as well.
  private static final GenericData MODEL = new GenericData();

  static {
    MODEL.addLogicalTypeConversion(new TimeConversions.DateConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampNanosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    MODEL.addLogicalTypeConversion(new TimeConversions.LocalTimestampNanosConversion());
    MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
    MODEL.addLogicalTypeConversion(new Conversions.UUIDConversion());
  }

  private AvroJson() {}

  /** A record (generic or specific) as a JSON object. */
  public static ObjectNode toJson(IndexedRecord record) {
    return (ObjectNode) toJson(record, record.getSchema());
  }

  /** A datum of the given schema as JSON; see the class comment for the mapping. */
  public static JsonNode toJson(Object datum, Schema schema) {
    if (datum == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case UNION:
        return toJson(datum, schema.getTypes().get(MODEL.resolveUnion(schema, datum)));
      case RECORD:
        {
          IndexedRecord record = (IndexedRecord) datum;
          ObjectNode node = NODES.objectNode();
          for (Schema.Field f : schema.getFields()) {
            node.set(f.name(), toJson(record.get(f.pos()), f.schema()));
          }
          return node;
        }
      case ARRAY:
        {
          ArrayNode node = NODES.arrayNode();
          for (Object item : (List<?>) datum) {
            node.add(toJson(item, schema.getElementType()));
          }
          return node;
        }
      case MAP:
        {
          ObjectNode node = NODES.objectNode();
          for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
            node.set(e.getKey().toString(), toJson(e.getValue(), schema.getValueType()));
          }
          return node;
        }
      case ENUM:
      case STRING:
        return NODES.textNode(datum.toString());
      case FLOAT:
        return NODES.numberNode((Float) datum);
      case DOUBLE:
        return NODES.numberNode((Double) datum);
      case BOOLEAN:
        return NODES.booleanNode((Boolean) datum);
      case NULL:
        return NODES.nullNode();
      case INT:
      case LONG:
      case BYTES:
      case FIXED:
        return scalar(logical(datum, schema));
      default:
        throw new IllegalArgumentException("Unsupported Avro type " + schema.getType());
    }
  }

  /** A raw logical-type value (a generic reader's) converted as a specific record holds it. */
  private static Object logical(Object datum, Schema schema) {
    LogicalType logical = schema.getLogicalType();
    Conversion<?> conversion = logical == null ? null : MODEL.getConversionFor(logical);
    if (conversion == null
        || !(datum instanceof Integer
            || datum instanceof Long
            || datum instanceof ByteBuffer
            || datum instanceof GenericFixed)) {
      return datum;
    }
    Object raw = datum instanceof ByteBuffer b ? b.duplicate() : datum;
    return Conversions.convertToLogicalType(raw, schema, logical, conversion);
  }

  private static JsonNode scalar(Object value) {
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    } else if (value instanceof Long l) {
      return NODES.numberNode(l);
    } else if (value instanceof ByteBuffer b) {
      ByteBuffer buf = b.duplicate();
      byte[] bytes = new byte[buf.remaining()];
      buf.get(bytes);
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
    } else if (value instanceof GenericFixed f) {
      return NODES.textNode(Base64.getEncoder().encodeToString(f.bytes()));
    } else if (value instanceof BigDecimal d) {
      return NODES.textNode(d.toPlainString());
    }
    // java.time values: their ISO-8601 text
    return NODES.textNode(value.toString());
  }
}
