package dev.paperspipeline.streams.trends;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Runs a callback of a processor at every commit of its task, before the commit: what the callback
 * forwards and writes is part of the commit (under exactly-once, of its transaction). The Processor
 * API has no commit callback, but Kafka Streams flushes every store cache before it commits, and
 * the DSL's cached {@code KTable}s emit from that flush (KIP-63). A hook is a caching store with at
 * most one entry, written ({@link #arm()}) whenever the processor has something pending; its cache
 * flush runs the callback as the processor, exactly as the DSL's {@code
 * TimestampedCacheFlushListener} forwards. This reaches into Kafka Streams internals ({@link
 * CachedStateStore#setFlushListener}, {@link InternalProcessorContext}); {@code CommitHookTest}
 * breaks if a Kafka upgrade changes them.
 *
 * <p>A cache eviction also flushes (only with a cache too small for one entry, e.g. {@code
 * statestore.cache.max.bytes=0}): the callback then runs at once, which is correct, only earlier.
 */
final class CommitHook {
  private static final String KEY = "pending";

  private final KeyValueStore<String, String> store;
  private final Runnable onCommit;
  private boolean cached;
  private boolean armed;

  private CommitHook(KeyValueStore<String, String> store, Runnable onCommit) {
    this.store = store;
    this.onCommit = onCommit;
  }

  /**
   * Registers {@code onCommit} on the hook store {@code storeName} (a key-value store of strings,
   * caching enabled, logging disabled, connected to the processor). Call from {@code
   * Processor.init}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static CommitHook register(ProcessorContext<?, ?> context, String storeName, Runnable onCommit) {
    KeyValueStore<String, String> store = context.getStateStore(storeName);
    CommitHook hook = new CommitHook(store, onCommit);
    if (store instanceof CachedStateStore<?, ?> cache
        && context instanceof InternalProcessorContext<?, ?> internal) {
      ProcessorNode node = internal.currentNode();
      hook.cached =
          ((CachedStateStore<String, String>) cache)
              .setFlushListener(
                  record -> {
                    if (record.value().newValue != null) {
                      hook.flushed(internal, node);
                    }
                  },
                  false);
    }
    return hook;
  }

  /** The hook's entry was flushed: a commit is under way (or the cache evicted it). */
  @SuppressWarnings("rawtypes")
  private void flushed(InternalProcessorContext<?, ?> internal, ProcessorNode node) {
    if (!armed) {
      return;
    }
    armed = false;
    // A flush runs outside process(): run as this processor, as the DSL does.
    ProcessorNode previous = internal.currentNode();
    internal.setCurrentNode(node);
    try {
      onCommit.run();
    } finally {
      internal.setCurrentNode(previous);
    }
  }

  /** Makes the next commit run the callback (at once when the store has no cache). */
  void arm() {
    if (!cached) {
      onCommit.run();
      return;
    }
    if (!armed) {
      armed = true;
      store.put(KEY, "");
    }
  }
}
