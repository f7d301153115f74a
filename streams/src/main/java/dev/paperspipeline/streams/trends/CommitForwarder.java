package dev.paperspipeline.streams.trends;

import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Forwards the latest value of every key written to a caching store when Kafka Streams flushes the
 * store's cache: at each commit (before the transaction commits, so the updates are part of it
 * under exactly-once) and when the cache evicts. This is how the DSL's cached {@code KTable}s emit
 * (KIP-63): many writes of a hot key between two commits become one downstream record, and what is
 * forwarded is always the value the store holds.
 *
 * <p>Kafka Streams exposes this only to the DSL, so this class reaches into Kafka Streams internals
 * ({@link CachedStateStore#setFlushListener}, {@link InternalProcessorContext}) exactly as the
 * DSL's {@code TimestampedCacheFlushListener} does; {@code TrendsTopologyTest} breaks if a Kafka
 * upgrade changes them.
 */
final class CommitForwarder {
  private CommitForwarder() {}

  /**
   * Makes {@code store}'s cache flushes forward {@code (key, latest value)} from the current
   * processor node of {@code context}. Call from {@code Processor.init}.
   *
   * @return false when the store has no cache (caching disabled): the caller must forward itself
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> boolean forwardOnFlush(ProcessorContext<K, ? super V> context, StateStore store) {
    if (!(store instanceof CachedStateStore<?, ?> cached)
        || !(context instanceof InternalProcessorContext<?, ?> internal)) {
      return false;
    }
    ProcessorNode node = internal.currentNode();
    return ((CachedStateStore<K, V>) cached)
        .setFlushListener(
            record -> {
              if (record.value().newValue == null) {
                return; // deletes are not emitted
              }
              // A flush runs outside process(): forward as this processor, like the DSL does.
              ProcessorNode previous = internal.currentNode();
              internal.setCurrentNode(node);
              try {
                context.forward(
                    new Record<>(
                        record.key(),
                        record.value().newValue,
                        record.timestamp(),
                        record.headers()));
              } finally {
                internal.setCurrentNode(previous);
              }
            },
            false);
  }
}
