package dev.paperspipeline.streams;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * When a processor that writes behind (trends, the analytics stages) emits what changed: once per
 * {@code commit.interval.ms}, as a cached {@code KTable} does, or at once when the app runs without
 * a record cache ({@code statestore.cache.max.bytes=0}), as an uncached one does.
 *
 * @param interval the punctuation interval, at least 1 ms
 * @param atOnce whether every change is emitted as it happens
 */
public record EmitInterval(Duration interval, boolean atOnce) {
  private static final long DEFAULT_COMMIT_INTERVAL_MS = 100; // the exactly-once default

  /** The emission of the app {@code context} belongs to. */
  public static EmitInterval of(ProcessorContext<?, ?> context) {
    Map<String, Object> configs = context.appConfigs();
    long commitMs =
        number(configs, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, DEFAULT_COMMIT_INTERVAL_MS);
    boolean noCache = number(configs, StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, -1) == 0;
    return new EmitInterval(Duration.ofMillis(Math.max(1, commitMs)), noCache);
  }

  private static long number(Map<String, Object> configs, String key, long fallback) {
    Object v = configs.get(key);
    if (v instanceof Number n) {
      return n.longValue();
    }
    return v == null ? fallback : Long.parseLong(v.toString().trim());
  }
}
