package dev.paperspipeline.registry;

import java.util.List;
import org.apache.avro.Schema;

/** A schema store held in memory: for tests and throwaway registries. */
public final class InMemorySchemaStore extends SchemaStore {
  private final RegistryState state = new RegistryState();

  @Override
  RegistryState state() {
    return state;
  }

  @Override
  RegisteredSchema register(String subject, Schema schema) {
    return state.register(subject, schema, null);
  }

  @Override
  void setLevel(String subjectOrNull, CompatibilityLevel level) {
    state.setLevel(subjectOrNull, level);
  }

  @Override
  CompatibilityLevel clearLevel(String subject) {
    return state.clearSubjectLevel(subject);
  }

  @Override
  List<Integer> deleteSubject(String subject, boolean permanent) {
    return state.deleteSubject(subject, permanent);
  }

  @Override
  public void close() {
    // nothing held
  }
}
