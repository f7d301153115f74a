package dev.paperspipeline.registry;

import java.io.Closeable;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Where a {@link SchemaRegistryServer} keeps its schemas: {@link InMemorySchemaStore} (lost on
 * exit) or {@link KafkaSchemaStore} (a compacted Kafka topic, shared by every registry process over
 * one cluster). Writes go through the store; reads use its replayed state.
 */
public abstract class SchemaStore implements Closeable {
  SchemaStore() {}

  /** The state reads are answered from. */
  abstract RegistryState state();

  /** Registers {@code schema} under {@code subject}, enforcing the subject's compatibility. */
  abstract RegisteredSchema register(String subject, Schema schema);

  /** Sets the level of {@code subjectOrNull}, or the global level when null. */
  abstract void setLevel(String subjectOrNull, CompatibilityLevel level);

  /** Removes a subject's own level and returns it (null when it had none). */
  abstract CompatibilityLevel clearLevel(String subject);

  /** Deletes a subject (soft, or permanent after a soft delete) and returns its versions. */
  abstract List<Integer> deleteSubject(String subject, boolean permanent);

  /**
   * Brings the state up to date with every write acknowledged so far (by any process), before a
   * write is planned or a read by id that missed is answered; a no-op for stores without other
   * writers.
   */
  void catchUp() {}

  /**
   * Like {@link #catchUp()} before a read whose answer can change (subjects, versions, levels), but
   * bounded and best effort: when the log cannot be reached in time the read is answered from the
   * state replayed so far.
   */
  void catchUpBeforeRead() {}

  @Override
  public abstract void close();
}
