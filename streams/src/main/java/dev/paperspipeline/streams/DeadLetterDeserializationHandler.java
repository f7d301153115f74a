package dev.paperspipeline.streams;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be deserialized goes to papers-dead-letter as an Avro DeadLetter (stage
 * STREAMS_DESERIALIZATION, with topic/partition/offset, exception and raw bytes); the stream goes
 * on.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private DeadLetters deadLetters;

  @Override
  public void configure(Map<String, ?> configs) {
    deadLetters = DeadLetters.fromConfigs(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.error(
        "cannot deserialize record {}-{}@{}; sent to dead letters",
        context.topic(),
        context.partition(),
        context.offset(),
        exception);
    return Response.resume(
        deadLetters.of(
            "STREAMS_DESERIALIZATION", context, record.key(), record.value(), exception));
  }
}
