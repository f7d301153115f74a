package dev.paperspipeline.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}. */
public enum CompatibilityLevel {
  NONE(false, false, false),
  BACKWARD(true, false, false),
  BACKWARD_TRANSITIVE(true, false, true),
  FORWARD(false, true, false),
  FORWARD_TRANSITIVE(false, true, true),
  FULL(true, true, false),
  FULL_TRANSITIVE(true, true, true);

  /** The registry's default when nothing is configured. */
  public static final CompatibilityLevel DEFAULT = BACKWARD;

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /** Whether the new schema is checked against every earlier version, not only the latest. */
  public boolean transitive() {
    return transitive;
  }

  /**
   * Parses a level case-insensitively.
   *
   * @throws SchemaRegistryException 422 / 42203 for anything else
   */
  public static CompatibilityLevel parse(String level) {
    if (level != null) {
      try {
        return valueOf(level.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the registry's own error
      }
    }
    throw new SchemaRegistryException(
        422,
        SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
        "Invalid compatibility level. Valid values are none, backward, forward, full,"
            + " backward_transitive, forward_transitive, and full_transitive");
  }

  /**
   * Checks {@code candidate} against {@code previous} (oldest first) and returns the reasons it is
   * incompatible; empty means compatible.
   */
  public List<String> check(Schema candidate, List<Schema> previous) {
    List<String> messages = new ArrayList<>();
    if (this == NONE || previous.isEmpty()) {
      return messages;
    }
    List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
    for (Schema old : against) {
      if (backward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), messages);
      }
      if (forward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), messages);
      }
    }
    if (!messages.isEmpty()) {
      messages.add("{compatibility: '" + name() + "'}");
    }
    return messages;
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility pair, List<String> messages) {
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility i : pair.getResult().getIncompatibilities()) {
      messages.add(
          "{errorType:'"
              + i.getType()
              + "', description:'"
              + i.getMessage()
              + "', additionalInfo:'"
              + i.getLocation()
              + "'}");
    }
  }
}
