package dev.paperspipeline.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A registry held in memory, with the same rules and error codes as the server. Instances for one
 * {@code mock://} scope share one state (see {@link SchemaRegistryClients}).
 */
final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
  private final RegistryState state;

  InMemorySchemaRegistryClient(RegistryState state) {
    this.state = state;
  }

  @Override
  public int register(String subject, Schema schema) {
    return state.register(subject, schema, null).id();
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    return state.lookup(subject, schema).id();
  }

  @Override
  public Schema schemaById(int id) {
    return state.schemaById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return state.version(subject, "latest");
  }

  @Override
  public List<String> subjects() {
    return state.subjects(false);
  }

  @Override
  public List<Integer> versions(String subject) {
    return state.versions(subject, false);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return state.version(subject, Integer.toString(version));
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    return state.testCompatibility(subject, schema, "latest").isEmpty();
  }

  @Override
  public String compatibility(String subjectOrNull) {
    return state.effectiveLevel(subjectOrNull).name();
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    state.setLevel(subjectOrNull, CompatibilityLevel.parse(level));
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    return state.deleteSubject(subject, false);
  }

  @Override
  public void close() {
    // The state belongs to the scope, not to this client.
  }
}
