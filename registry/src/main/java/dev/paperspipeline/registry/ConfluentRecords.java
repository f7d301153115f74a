package dev.paperspipeline.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The keys and values of Confluent Schema Registry's {@code _schemas} topic, byte for byte as its
 * store writes them (Jackson, with {@code NON_EMPTY} inclusion and the property orders its key
 * classes declare), so a Confluent registry can take over the topic and compaction treats our keys
 * and its keys for one subject version or config as the same key.
 *
 * <ul>
 *   <li>{@code SCHEMA}: key {@code {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}}, value
 *       {@code {"subject":s,"version":v,"id":n,"schema":text,"deleted":b}}; a null value
 *       (tombstone) is a permanent deletion of that version. {@code schemaType} is left out for
 *       Avro, which is what Confluent assumes when it is absent.
 *   <li>{@code CONFIG}: key {@code {"keytype":"CONFIG","subject":s,"magic":0}}, the subject left
 *       out (not {@code null}) for the global level; value {@code {"subject":s,
 *       "compatibilityLevel":l}} (no subject for the global level); a tombstone clears the level.
 *   <li>{@code DELETE_SUBJECT}: key {@code {"keytype":"DELETE_SUBJECT","subject":s,"magic":0}},
 *       value {@code {"subject":s,"version":v}}: a soft deletion of versions up to v.
 *   <li>{@code NOOP}: key {@code {"keytype":"NOOP","magic":0}}, null value; carries nothing.
 * </ul>
 */
final class ConfluentRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String SCHEMA = "SCHEMA";
  static final String CONFIG = "CONFIG";
  static final String DELETE_SUBJECT = "DELETE_SUBJECT";
  static final String NOOP = "NOOP";

  private ConfluentRecords() {}

  static byte[] schemaKey(String subject, int version) {
    return bytes(
        JSON.createObjectNode()
            .put("keytype", SCHEMA)
            .put("subject", subject)
            .put("version", version)
            .put("magic", 1));
  }

  static byte[] schemaValue(String subject, int version, int id, String schema, boolean deleted) {
    return bytes(
        JSON.createObjectNode()
            .put("subject", subject)
            .put("version", version)
            .put("id", id)
            .put("schema", schema)
            .put("deleted", deleted));
  }

  static byte[] configKey(String subjectOrNull) {
    ObjectNode key = JSON.createObjectNode().put("keytype", CONFIG);
    if (subjectOrNull != null) {
      key.put("subject", subjectOrNull);
    }
    return bytes(key.put("magic", 0));
  }

  static byte[] configValue(String subjectOrNull, CompatibilityLevel level) {
    ObjectNode value = JSON.createObjectNode();
    if (subjectOrNull != null) {
      value.put("subject", subjectOrNull);
    }
    return bytes(value.put("compatibilityLevel", level.name()));
  }

  static byte[] deleteSubjectKey(String subject) {
    return bytes(
        JSON.createObjectNode()
            .put("keytype", DELETE_SUBJECT)
            .put("subject", subject)
            .put("magic", 0));
  }

  static byte[] deleteSubjectValue(String subject, int upToVersion) {
    return bytes(JSON.createObjectNode().put("subject", subject).put("version", upToVersion));
  }

  static byte[] noopKey() {
    return bytes(JSON.createObjectNode().put("keytype", NOOP).put("magic", 0));
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a schema record", e);
    }
  }
}
