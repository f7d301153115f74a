package dev.paperspipeline.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where the fault tests stop or disturb an ingester: a producer interceptor installed through the
 * ingester's producer settings ({@link IngestOptions#withProducerOverrides}), so that production
 * code carries no test seam. The test's {@link Action} travels as an object in the producer config
 * (Kafka hands its original settings to {@link #configure}); the counters are the action's, so they
 * survive a producer that the ingester replaces after a failure.
 */
public final class SendInterceptor implements ProducerInterceptor<Object, Object> {
  /** Producer setting that carries the {@link Action}. */
  static final String ACTION_CONFIG = "papers.test.send-interceptor.action";

  /** What a test does around the ingester's sends. */
  public abstract static class Action {
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();

    /**
     * Called on the sending thread before a record is handed to the producer.
     *
     * @param sentBefore records handed to the producer before this one
     */
    protected void beforeSend(ProducerRecord<?, ?> record, long sentBefore) {}

    /**
     * Called on the producer's network thread once the broker acknowledged a record; a producer's
     * {@code flush()} waits until this returns.
     *
     * @param acknowledged records acknowledged so far, this one included
     */
    protected void acknowledged(RecordMetadata metadata, long acknowledged) {}

    /** Records acknowledged by the broker so far (transactional: written, not committed). */
    protected long acknowledgedCount() {
      return acknowledged.get();
    }
  }

  /** {@code options} with {@code action} installed on the ingester's producers. */
  static IngestOptions install(IngestOptions options, Action action) {
    Map<String, Object> overrides = new HashMap<>(options.producerOverrides());
    overrides.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, SendInterceptor.class.getName());
    overrides.put(ACTION_CONFIG, action);
    return options.withProducerOverrides(overrides);
  }

  private Action action;

  @Override
  public void configure(Map<String, ?> configs) {
    action = (Action) configs.get(ACTION_CONFIG);
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    action.beforeSend(record, action.sent.getAndIncrement());
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (exception == null && metadata != null) {
      action.acknowledged(metadata, action.acknowledged.incrementAndGet());
    }
  }

  @Override
  public void close() {}
}
