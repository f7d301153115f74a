package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class KafkaChatterFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final KafkaChatterFilter filter = new KafkaChatterFilter();

  private FilterReply decide(String logger, String message, Object... args) {
    return filter.decide(
        new LoggingEvent(
            KafkaChatterFilterTest.class.getName(),
            context.getLogger(logger),
            Level.WARN,
            message,
            null,
            args));
  }

  @Test
  void shouldDropTheGlobalThreadWarningTheConcurrentTransactionsRetriesAndTheUnassignedOffset() {
    assertThat(
            decide(
                KafkaChatterFilter.STREAMS_CONFIG_LOGGER,
                "Processing exception handler is not enabled for the GlobalThread. It's"
                    + " recommended to set `processing.exception.handler.global.enabled` to true"))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decide(
                KafkaChatterFilter.SENDER_LOGGER,
                "[Producer clientId=p] Got error produce response with correlation id {} on"
                    + " topic-partition {}, retrying ({} attempts left). Error: {}",
                21,
                "papers-unique-1",
                2147483646,
                "CONCURRENT_TRANSACTIONS"))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decide(
                KafkaChatterFilter.OFFSET_FETCHER_LOGGER,
                "[Consumer clientId=app-global-consumer, groupId=null] Not updating last stable"
                    + " offset for partition {} as it is no longer assigned",
                "papers-unique-0"))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void shouldLetEveryOtherWarningThrough() {
    assertThat(
            decide(
                KafkaChatterFilter.SENDER_LOGGER,
                "[Producer clientId=p] Got error produce response with correlation id {} on"
                    + " topic-partition {}, retrying ({} attempts left). Error: {}",
                21,
                "papers-unique-1",
                3,
                "NOT_LEADER_OR_FOLLOWER"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                KafkaChatterFilter.STREAMS_CONFIG_LOGGER,
                "Using an OS temp directory in the state.dir property can cause failures"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                KafkaChatterFilter.OFFSET_FETCHER_LOGGER,
                "Attempt to fetch offsets for partition {} failed due to {}, retrying.",
                "papers-unique-0",
                "NOT_LEADER_OR_FOLLOWER"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                "dev.paperspipeline.ingest.DigestFileParser",
                "Processing exception handler is not enabled for the GlobalThread"))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
