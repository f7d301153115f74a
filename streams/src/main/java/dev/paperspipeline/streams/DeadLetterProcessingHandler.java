package dev.paperspipeline.streams;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose processing throws goes to papers-dead-letter as an Avro DeadLetter (stage
 * STREAMS_PROCESSING, with the source record's topic/partition/offset, exception and raw source
 * bytes); the stream goes on. A state store value this version cannot read stops the app instead:
 * every record would fail the same way until the state is rebuilt.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromConfigs(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (StoreValueSerde.isUnreadableState(exception)) {
      log.error("processing failed at node {}: stopping", context.processorNodeId(), exception);
      return Response.fail();
    }
    log.error(
        "processing failed at node {} for record {}-{}@{}; sent to dead letters",
        context.processorNodeId(),
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    return Response.resume(
        deadLetters.of(
            "STREAMS_PROCESSING",
            context,
            context.sourceRawKey(),
            context.sourceRawValue(),
            exception));
  }
}
