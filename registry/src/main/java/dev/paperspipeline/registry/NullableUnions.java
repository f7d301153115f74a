package dev.paperspipeline.registry;

import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Datum writers that pick the branch of a {@code ["null", X]} (or {@code [X, "null"]}) union by a
 * null check alone. Avro's own resolution asks the model for the datum's conversions by class and
 * then for its schema name (a chain of type tests, then a lookup by name) at every nullable field
 * of every record. The choice is the same for any datum X accepts; a datum X does not accept fails
 * while being written (instead of in the resolution), as an exception the serializer wraps like any
 * other encoding failure. Other unions go through Avro's resolution.
 */
final class NullableUnions {
  private NullableUnions() {}

  static DatumWriter<Object> specificWriter(Schema schema, SpecificData model) {
    return new SpecificDatumWriter<>(schema, model) {
      @Override
      protected int resolveUnion(Schema union, Object datum) {
        int index = branch(union, datum);
        return index >= 0 ? index : super.resolveUnion(union, datum);
      }
    };
  }

  static DatumWriter<Object> genericWriter(Schema schema) {
    return new GenericDatumWriter<>(schema, GenericData.get()) {
      @Override
      protected int resolveUnion(Schema union, Object datum) {
        int index = branch(union, datum);
        return index >= 0 ? index : super.resolveUnion(union, datum);
      }
    };
  }

  /** The branch of a two-branch union with a null branch, or -1 for any other union. */
  static int branch(Schema union, Object datum) {
    List<Schema> types = union.getTypes();
    if (types.size() != 2) {
      return -1;
    }
    boolean isNull = datum == null || datum == JsonProperties.NULL_VALUE;
    if (types.get(0).getType() == Schema.Type.NULL) {
      return isNull ? 0 : 1;
    }
    if (types.get(1).getType() == Schema.Type.NULL) {
      return isNull ? 1 : 0;
    }
    return -1;
  }
}
