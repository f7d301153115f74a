package dev.paperspipeline.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's data and rules, shared by the in-memory client and the server's stores. Every
 * mutation is a deterministic function of the current state and its arguments, so replaying the
 * same sequence of mutations (as the Kafka-backed store does) always yields the same ids and
 * versions. Thread-safe.
 */
final class RegistryState {

  /** One version of one subject. */
  private record Version(int version, int id, boolean deleted) {}

  /** A subject and version that use a schema id. */
  record SubjectVersion(String subject, int version) {}

  private final Map<String, Integer> idByCanonical = new HashMap<>();
  private final Map<Integer, Schema> schemaById = new HashMap<>();
  private final Map<String, List<Version>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;

  RegistryState() {
    this(CompatibilityLevel.DEFAULT);
  }

  RegistryState(CompatibilityLevel globalLevel) {
    this.globalLevel = globalLevel;
  }

  /**
   * Parses schema text as Avro.
   *
   * @throws SchemaRegistryException 422 / 42201 when it is not a valid Avro schema
   */
  static Schema parse(String text) {
    if (text == null || text.isBlank()) {
      throw SchemaRegistryException.invalidSchema("empty schema", null);
    }
    try {
      return new Schema.Parser().parse(text);
    } catch (RuntimeException e) {
      // Avro reports bad input with several exception types (parse errors, invalid defaults,
      // negative fixed sizes, ...): all of them are the client's schema being invalid.
      throw SchemaRegistryException.invalidSchema(
          abbreviate(text) + " with error: " + SchemaRegistryException.reason(e), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
  }

  /** The text a schema is identified by: Avro's compact JSON form, as Confluent's client sends. */
  static String canonical(Schema schema) {
    return schema.toString();
  }

  /**
   * Registers {@code schema} under {@code subject}; an already live identical schema returns its
   * existing version. An identical schema already known under any subject reuses its id.
   *
   * @param level the compatibility level to enforce, or null for the subject's effective level
   * @throws SchemaRegistryException 409 when incompatible with the subject's live versions
   */
  synchronized RegisteredSchema register(String subject, Schema schema, CompatibilityLevel level) {
    String canonical = canonical(schema);
    RegisteredSchema existing = findLive(subject, canonical);
    if (existing != null) {
      return existing;
    }
    CompatibilityLevel enforced = level != null ? level : effectiveLevel(subject);
    List<String> problems = enforced.check(schema, liveSchemas(subject));
    if (!problems.isEmpty()) {
      throw incompatible(subject, problems);
    }
    Integer id = idByCanonical.get(canonical);
    if (id == null) {
      id = ++maxId;
      idByCanonical.put(canonical, id);
      schemaById.put(id, schema);
    }
    List<Version> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    versions.add(new Version(version, id, false));
    return new RegisteredSchema(subject, version, id, schemaById.get(id));
  }

  static SchemaRegistryException incompatible(String subject, List<String> problems) {
    return new SchemaRegistryException(
        409,
        SchemaRegistryException.INCOMPATIBLE_SCHEMA,
        "Schema being registered is incompatible with an earlier schema for subject \""
            + subject
            + "\", details: "
            + problems);
  }

  /** The live version of {@code subject} holding this exact schema, or null. */
  synchronized RegisteredSchema findLive(String subject, String canonical) {
    Integer id = idByCanonical.get(canonical);
    List<Version> versions = subjects.get(subject);
    if (id == null || versions == null) {
      return null;
    }
    for (Version v : versions) {
      if (!v.deleted() && v.id() == id) {
        return new RegisteredSchema(subject, v.version(), id, schemaById.get(id));
      }
    }
    return null;
  }

  /**
   * The live version of {@code subject} holding {@code schema}.
   *
   * @throws SchemaRegistryException 40401 without live versions, 40403 when not registered there
   */
  synchronized RegisteredSchema lookup(String subject, Schema schema) {
    if (liveVersions(subject).isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    RegisteredSchema found = findLive(subject, canonical(schema));
    if (found == null) {
      throw SchemaRegistryException.schemaNotFound(null);
    }
    return found;
  }

  /**
   * @throws SchemaRegistryException 40403 for an unknown id
   */
  synchronized Schema schemaById(int id) {
    Schema schema = schemaById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.schemaNotFound(id);
    }
    return schema;
  }

  synchronized int maxId() {
    return maxId;
  }

  /** Live subject versions using schema {@code id}. */
  synchronized List<SubjectVersion> subjectVersionsOf(int id) {
    schemaById(id);
    List<SubjectVersion> out = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          for (Version v : versions) {
            if (!v.deleted() && v.id() == id) {
              out.add(new SubjectVersion(subject, v.version()));
            }
          }
        });
    return out;
  }

  synchronized List<String> subjects(boolean includeDeleted) {
    List<String> out = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          if (!versions.isEmpty()
              && (includeDeleted || versions.stream().anyMatch(v -> !v.deleted()))) {
            out.add(subject);
          }
        });
    return out;
  }

  /**
   * @throws SchemaRegistryException 40401 when the subject has no (live) versions
   */
  synchronized List<Integer> versions(String subject, boolean includeDeleted) {
    List<Integer> out = new ArrayList<>();
    for (Version v : subjects.getOrDefault(subject, List.of())) {
      if (includeDeleted || !v.deleted()) {
        out.add(v.version());
      }
    }
    if (out.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    return out;
  }

  /**
   * One live version; {@code versionSpec} is a number or {@code latest} ({@code -1} also means
   * latest, as in Confluent).
   *
   * @throws SchemaRegistryException 40401, 40402, or 42202 for a malformed version
   */
  synchronized RegisteredSchema version(String subject, String versionSpec) {
    int wanted = parseVersion(versionSpec);
    List<Version> live = liveVersions(subject);
    if (live.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    Version found = null;
    if (wanted == -1) {
      found = live.get(live.size() - 1);
    } else {
      for (Version v : live) {
        if (v.version() == wanted) {
          found = v;
        }
      }
    }
    if (found == null) {
      throw SchemaRegistryException.versionNotFound(wanted);
    }
    return new RegisteredSchema(subject, found.version(), found.id(), schemaById.get(found.id()));
  }

  static int parseVersion(String versionSpec) {
    if ("latest".equalsIgnoreCase(versionSpec)) {
      return -1;
    }
    try {
      int v = Integer.parseInt(versionSpec);
      if (v == -1 || v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new SchemaRegistryException(
        422,
        SchemaRegistryException.INVALID_VERSION,
        "The specified version '"
            + versionSpec
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string"
            + " \"latest\"");
  }

  /**
   * Reasons {@code schema} may not be registered under {@code subject}; empty when compatible.
   *
   * @param versionSpec {@code latest} (or null) checks against what registration would check (all
   *     live versions under a transitive level); a number checks against that version only
   */
  synchronized List<String> testCompatibility(String subject, Schema schema, String versionSpec) {
    CompatibilityLevel level = effectiveLevel(subject);
    boolean latest = versionSpec == null || parseVersion(versionSpec) == -1;
    if (latest) {
      return level.check(schema, liveSchemas(subject));
    }
    RegisteredSchema against = version(subject, versionSpec);
    return level.check(schema, List.of(against.schema()));
  }

  synchronized CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  /** The subject's own level, or null when it has none. */
  synchronized CompatibilityLevel subjectLevel(String subject) {
    return subjectLevels.get(subject);
  }

  synchronized CompatibilityLevel effectiveLevel(String subject) {
    CompatibilityLevel own = subject == null ? null : subjectLevels.get(subject);
    return own != null ? own : globalLevel;
  }

  /** Sets the level of {@code subjectOrNull}, or the global level when null. */
  synchronized void setLevel(String subjectOrNull, CompatibilityLevel level) {
    if (subjectOrNull == null) {
      globalLevel = level;
    } else {
      subjectLevels.put(subjectOrNull, level);
    }
  }

  /** Removes the subject's own level; returns the removed level or null. */
  synchronized CompatibilityLevel clearSubjectLevel(String subject) {
    return subjectLevels.remove(subject);
  }

  /**
   * Deletes {@code subject}: soft (versions hidden, ids kept) or, after a soft delete, permanent.
   *
   * @return the versions deleted
   * @throws SchemaRegistryException 40401 when absent, 40404 soft-deleting twice, 40405 permanently
   *     deleting a subject not soft-deleted first
   */
  synchronized List<Integer> deleteSubject(String subject, boolean permanent) {
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    boolean anyLive = versions.stream().anyMatch(v -> !v.deleted());
    List<Integer> deleted = new ArrayList<>();
    if (permanent) {
      if (anyLive) {
        throw new SchemaRegistryException(
            404,
            SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED,
            "Subject '" + subject + "' was not deleted first before being permanently deleted");
      }
      versions.forEach(v -> deleted.add(v.version()));
      subjects.remove(subject);
      subjectLevels.remove(subject);
      return deleted;
    }
    if (!anyLive) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.SUBJECT_SOFT_DELETED,
          "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      if (!v.deleted()) {
        deleted.add(v.version());
        versions.set(i, new Version(v.version(), v.id(), true));
      }
    }
    return deleted;
  }

  /**
   * What a stored schema record could not be applied for; the first record wins, as in Confluent.
   */
  record Conflict(String reason, boolean sameKey) {}

  /** One version as stored: for rewriting a state in another record format. */
  record StoredVersion(String subject, int version, int id, Schema schema, boolean deleted) {}

  /** The version and id the next registration of a schema under a subject gets. */
  record Planned(int version, int id) {}

  /**
   * The version and id a registration of {@code canonical} under {@code subject} gets now: the
   * schema's existing id, else max id + 1; the subject's last version (deleted ones included) + 1.
   */
  synchronized Planned plan(String subject, String canonical) {
    Integer id = idByCanonical.get(canonical);
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    return new Planned(version, id != null ? id : maxId + 1);
  }

  /**
   * Applies a stored version whose id and version were chosen by its writer (Confluent's {@code
   * SCHEMA} record). Like Confluent's store, a record whose id already belongs to another schema is
   * ignored; so is one for a subject version already holding another id (first write wins, so two
   * registries that raced for one version agree on the winner).
   *
   * @return the {@link RegisteredSchema}, or a {@link Conflict} when the record was ignored
   */
  synchronized Object applyVersion(
      String subject, int version, int id, Schema schema, boolean deleted) {
    String canonical = canonical(schema);
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    int at = 0;
    while (at < versions.size() && versions.get(at).version() < version) {
      at++;
    }
    boolean exists = at < versions.size() && versions.get(at).version() == version;
    // The writer of a record that lost its subject version must restore the winner's record.
    boolean keyTaken = exists && versions.get(at).id() != id;
    Schema holder = schemaById.get(id);
    if (holder != null && !canonical(holder).equals(canonical)) {
      if (isReferenced(id)) {
        return new Conflict("schema id " + id + " already belongs to another schema", keyTaken);
      }
      idByCanonical.remove(canonical(holder), id);
      schemaById.remove(id);
    }
    if (keyTaken) {
      return new Conflict(
          "subject " + subject + " version " + version + " already holds another schema", true);
    }
    versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    if (exists) {
      versions.set(at, new Version(version, id, deleted));
    } else {
      versions.add(at, new Version(version, id, deleted));
    }
    schemaById.putIfAbsent(id, schema);
    idByCanonical.putIfAbsent(canonical, id);
    maxId = Math.max(maxId, id);
    return new RegisteredSchema(subject, version, id, schemaById.get(id));
  }

  /** Never hands out {@code id}: it belongs to a schema this registry does not serve. */
  synchronized void reserveId(int id) {
    maxId = Math.max(maxId, id);
  }

  /** Removes one version (Confluent's tombstone); an id no version uses any more is forgotten. */
  synchronized void removeVersion(String subject, int version) {
    List<Version> versions = subjects.get(subject);
    if (versions == null) {
      return;
    }
    Version removed = null;
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).version() == version) {
        removed = versions.remove(i);
        break;
      }
    }
    if (versions.isEmpty()) {
      subjects.remove(subject);
    }
    if (removed != null && !isReferenced(removed.id())) {
      Schema schema = schemaById.remove(removed.id());
      if (schema != null) {
        idByCanonical.remove(canonical(schema), removed.id());
      }
    }
  }

  /** Marks the live versions up to {@code version} deleted (Confluent's DELETE_SUBJECT record). */
  synchronized List<Integer> softDeleteUpTo(String subject, int version) {
    List<Integer> deleted = new ArrayList<>();
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    for (int i = 0; i < versions.size(); i++) {
      Version v = versions.get(i);
      if (!v.deleted() && v.version() <= version) {
        deleted.add(v.version());
        versions.set(i, new Version(v.version(), v.id(), true));
      }
    }
    return deleted;
  }

  /**
   * The versions a deletion of {@code subject} would delete, without deleting them.
   *
   * @throws SchemaRegistryException as {@link #deleteSubject}
   */
  synchronized List<Integer> checkDelete(String subject, boolean permanent) {
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw SchemaRegistryException.subjectNotFound(subject);
    }
    boolean anyLive = versions.stream().anyMatch(v -> !v.deleted());
    if (permanent && anyLive) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.SUBJECT_NOT_SOFT_DELETED,
          "Subject '" + subject + "' was not deleted first before being permanently deleted");
    }
    if (!permanent && !anyLive) {
      throw new SchemaRegistryException(
          404,
          SchemaRegistryException.SUBJECT_SOFT_DELETED,
          "Subject '" + subject + "' was soft deleted.Set permanent=true to delete permanently");
    }
    List<Integer> out = new ArrayList<>();
    for (Version v : versions) {
      if (permanent || !v.deleted()) {
        out.add(v.version());
      }
    }
    return out;
  }

  /** Every version of every subject, deleted ones included, in subject and version order. */
  synchronized List<StoredVersion> allVersions() {
    List<StoredVersion> out = new ArrayList<>();
    subjects.forEach(
        (subject, versions) -> {
          for (Version v : versions) {
            out.add(
                new StoredVersion(
                    subject, v.version(), v.id(), schemaById.get(v.id()), v.deleted()));
          }
        });
    return out;
  }

  private boolean isReferenced(int id) {
    for (List<Version> versions : subjects.values()) {
      for (Version v : versions) {
        if (v.id() == id) {
          return true;
        }
      }
    }
    return false;
  }

  private List<Version> liveVersions(String subject) {
    List<Version> out = new ArrayList<>();
    for (Version v : subjects.getOrDefault(subject, List.of())) {
      if (!v.deleted()) {
        out.add(v);
      }
    }
    return out;
  }

  private List<Schema> liveSchemas(String subject) {
    List<Schema> out = new ArrayList<>();
    for (Version v : liveVersions(subject)) {
      out.add(schemaById.get(v.id()));
    }
    return out;
  }
}
