package dev.paperspipeline.registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Wraps a client and counts the calls that would be registry requests. */
final class CountingClient implements SchemaRegistryClient {
  final SchemaRegistryClient delegate;
  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  final AtomicInteger byId = new AtomicInteger();
  final AtomicInteger latests = new AtomicInteger();

  CountingClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate.lookupId(subject, schema);
  }

  @Override
  public Schema schemaById(int id) {
    byId.incrementAndGet();
    return delegate.schemaById(id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    latests.incrementAndGet();
    return delegate.latest(subject);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return delegate.version(subject, version);
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    return delegate.testCompatibility(subject, schema);
  }

  @Override
  public String compatibility(String subjectOrNull) {
    return delegate.compatibility(subjectOrNull);
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    delegate.setCompatibility(subjectOrNull, level);
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    return delegate.deleteSubject(subject);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
