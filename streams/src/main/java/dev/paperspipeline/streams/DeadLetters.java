package dev.paperspipeline.streams;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.metrics.PipelineMetrics;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the Avro {@link DeadLetter} records that the streams exception handlers return to Kafka
 * Streams (KIP-1034: handler responses carry dead-letter records, produced in the task's
 * transaction). Kafka's built-in {@code errors.dead.letter.queue.topic.name} would write the raw
 * bytes with the exception in headers; papers-dead-letter's contract is Avro DeadLetter values, so
 * the handlers write those instead and that setting stays unset.
 */
public final class DeadLetters {
  /** At most this many bytes of a rejected record are kept. */
  static final int MAX_RAW_BYTES = 64 * 1024;

  /**
   * Config key: a ready {@code Serializer<DeadLetter>} instance (tests); otherwise an Avro serde
   * configured from the same configs (schema.registry.url) is used.
   */
  static final String SERIALIZER_CONFIG = "papers.dead.letter.serializer";

  private final Serializer<DeadLetter> serializer;
  private final Clock clock;
  private final PipelineMetrics metrics;

  private DeadLetters(Serializer<DeadLetter> serializer, Clock clock, PipelineMetrics metrics) {
    this.serializer = serializer;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * Dead letters for the handlers of an app with {@code configs}; they are counted in the {@link
   * PipelineMetrics} found under {@link PipelineMetrics#CONFIG}, if any.
   */
  static DeadLetters fromConfigs(Map<String, ?> configs) {
    PipelineMetrics metrics =
        configs.get(PipelineMetrics.CONFIG) instanceof PipelineMetrics m ? m : null;
    return new DeadLetters(serializer(configs), Clock.systemUTC(), metrics);
  }

  /**
   * The serializer of dead letters for a processor of an app with {@code configs} (its {@code
   * appConfigs()}): the one given under {@link #SERIALIZER_CONFIG}, else an Avro serde configured
   * from them.
   */
  @SuppressWarnings("unchecked")
  public static Serializer<DeadLetter> serializer(Map<String, ?> configs) {
    Object given = configs.get(SERIALIZER_CONFIG);
    if (given instanceof Serializer<?> s) {
      return (Serializer<DeadLetter>) s;
    }
    AvroSerde<DeadLetter> serde = new AvroSerde<>(DeadLetter.class);
    serde.configure(configs, false);
    return serde.serializer();
  }

  /** The dead-letter record of a record rejected at {@code stage}. */
  List<ProducerRecord<byte[], byte[]>> of(
      String stage, ErrorHandlerContext context, byte[] key, byte[] value, Exception exception) {
    byte[] raw = value == null ? new byte[0] : value;
    boolean truncated = raw.length > MAX_RAW_BYTES;
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setStage(stage)
            .setReason(String.valueOf(exception.getMessage()))
            .setErrorClass(exception.getClass().getName())
            .setSourceTopic(context.topic())
            .setSourcePartition(context.partition())
            .setSourceOffset(context.offset())
            .setRaw(ByteBuffer.wrap(truncated ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw))
            .setRawSize(raw.length)
            .setTruncated(truncated)
            .setFailedAt(clock.instant())
            .build();
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            new ProducerRecord<>(
                Topics.DEAD_LETTER, null, key, serializer.serialize(Topics.DEAD_LETTER, letter)));
    if (metrics != null) {
      metrics.recordDeadLetter(NodeNames.stageOf(context.processorNodeId()));
    }
    return records;
  }
}
