package dev.paperspipeline.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Drops the Kafka client WARNs that say nothing to a user of this pipeline (configured in {@code
 * logback.xml}); every other line passes.
 *
 * <ul>
 *   <li>{@code StreamsConfig}: "Processing exception handler is not enabled for the GlobalThread":
 *       the app enables it ({@code PipelineConfig}), but Kafka Streams also builds a {@code
 *       StreamsConfig} from its consumers' settings, which lack the key, and warns about that one.
 *   <li>{@code Sender}: a produce request answered {@code CONCURRENT_TRANSACTIONS} "retrying": the
 *       broker is still writing the markers of the producer's previous transaction; the producer
 *       retries until it is done, nothing is lost.
 *   <li>{@code OffsetFetcherUtils}: "Not updating last stable offset for partition ... as it is no
 *       longer assigned": the global store's consumer (papers-unique) unassigns its partitions once
 *       it has restored them, while a list-offsets answer for them is on its way; it reads them
 *       again at once.
 * </ul>
 */
public final class KafkaChatterFilter extends Filter<ILoggingEvent> {
  static final String STREAMS_CONFIG_LOGGER = "org.apache.kafka.streams.StreamsConfig";
  static final String SENDER_LOGGER = "org.apache.kafka.clients.producer.internals.Sender";
  static final String OFFSET_FETCHER_LOGGER =
      "org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    String logger = event.getLoggerName();
    String message = event.getFormattedMessage();
    if (message == null) {
      return FilterReply.NEUTRAL;
    }
    if (STREAMS_CONFIG_LOGGER.equals(logger)
        && message.startsWith("Processing exception handler is not enabled for the GlobalThread")) {
      return FilterReply.DENY;
    }
    if (SENDER_LOGGER.equals(logger)
        && message.contains("retrying")
        && message.endsWith("Error: CONCURRENT_TRANSACTIONS")) {
      return FilterReply.DENY;
    }
    if (OFFSET_FETCHER_LOGGER.equals(logger)
        && message.contains("Not updating last stable offset for partition")
        && message.endsWith("as it is no longer assigned")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
