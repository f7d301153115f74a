package dev.paperspipeline.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A Confluent-compatible schema registry. Every method throws {@link SchemaRegistryException} with
 * the registry's HTTP status and error code when the request fails. Implementations are
 * thread-safe; get one from {@link SchemaRegistryClients#create}.
 */
public interface SchemaRegistryClient extends Closeable {
  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its id; registering an already registered schema returns the existing id.
   *
   * @throws SchemaRegistryException 409 when incompatible, 422 (42201) when invalid
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} if it is registered under {@code subject} ({@code POST
   * /subjects/{subject}}).
   *
   * @throws SchemaRegistryException 404 with 40401 (no such subject) or 40403 (schema not
   *     registered under it)
   */
  int lookupId(String subject, Schema schema);

  /**
   * The schema with this id ({@code GET /schemas/ids/{id}}).
   *
   * @throws SchemaRegistryException 404 with 40403 when unknown
   */
  Schema schemaById(int id);

  /** The latest version of {@code subject} ({@code GET /subjects/{s}/versions/latest}). */
  RegisteredSchema latest(String subject);

  /** All subjects that have a live version ({@code GET /subjects}). */
  List<String> subjects();

  /** The live versions of {@code subject}, ascending ({@code GET /subjects/{s}/versions}). */
  List<Integer> versions(String subject);

  /** One version of a subject ({@code GET /subjects/{s}/versions/{v}}). */
  RegisteredSchema version(String subject, int version);

  /**
   * Whether {@code schema} may be registered under {@code subject} given the subject's
   * compatibility level ({@code POST /compatibility/subjects/{s}/versions/latest}). A subject
   * without versions accepts any schema.
   */
  boolean testCompatibility(String subject, Schema schema);

  /**
   * The compatibility level in force for {@code subject} (its own setting, else the global one), or
   * the global level when {@code subjectOrNull} is null. One of NONE, BACKWARD, FORWARD, FULL and
   * their _TRANSITIVE forms.
   */
  String compatibility(String subjectOrNull);

  /**
   * Sets the compatibility level of {@code subjectOrNull}, or the global level when null ({@code
   * PUT /config[/{s}]}).
   *
   * @throws SchemaRegistryException 422 (42203) for an unknown level
   */
  void setCompatibility(String subjectOrNull, String level);

  /**
   * Soft-deletes every version of {@code subject} ({@code DELETE /subjects/{s}}) and returns the
   * deleted versions. Ids stay resolvable, so records already written still decode.
   */
  List<Integer> deleteSubject(String subject);

  /** Releases connections; a no-op for in-memory registries. */
  @Override
  void close();
}
