package dev.paperspipeline.streams;

import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the streams app: Kafka Streams settings plus the pipeline's own keys. Durations
 * are ISO-8601 ({@code P90D}, {@code PT30S}).
 */
public final class PipelineConfig {
  /** Default application id (also the prefix of internal topics). */
  public static final String DEFAULT_APPLICATION_ID = "papers-pipeline";

  /**
   * Default {@code state.dir}: next to {@code papers local}'s default data directory, relative to
   * the working directory, instead of Kafka Streams' {@code /tmp/kafka-streams} that every app and
   * run on the machine shares. Kafka Streams keeps each application in {@code
   * <state.dir>/<application.id>}.
   */
  public static final String DEFAULT_STATE_DIR = "data/streams";

  /** {@code producer.batch.size} of the Streams apps (Kafka's default is 16 KB). */
  public static final int PRODUCER_BATCH_BYTES = 128 * 1024;

  /** Dedupe horizon; default {@code P90D}. */
  public static final String DEDUPE_HORIZON = "papers.dedupe.horizon";

  /**
   * Grace period of trend windows before their first final result; default {@code P1D}. Later
   * papers still count, as revisions.
   */
  public static final String TRENDS_GRACE = "papers.trends.grace";

  /** Papers with a digest date older than this (from today) are not counted; default P1095D. */
  public static final String TRENDS_RETENTION = "papers.trends.retention";

  /** Papers dated more than this ahead of the wall clock are not counted; default {@code P1D}. */
  public static final String TRENDS_MAX_SKEW = "papers.trends.max.skew";

  /** Entries per trending-topics record; default 10. */
  public static final String TRENDS_TOP_N = "papers.trends.top.n";

  /** How often closed trend windows are looked for (wall clock); default {@code PT30S}. */
  public static final String TRENDS_CLOSE_CHECK_INTERVAL = "papers.trends.close.check.interval";

  private PipelineConfig() {}

  /**
   * Kafka Streams properties of the app: exactly-once v2, the dead-letter exception handlers, state
   * in {@value #DEFAULT_STATE_DIR}, and the given overrides (which win).
   */
  public static Properties streamsProperties(
      String bootstrapServers, String schemaRegistryUrl, Map<String, ?> overrides) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(RegistryConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    p.put(StreamsConfig.STATE_DIR_CONFIG, DEFAULT_STATE_DIR);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterDeserializationHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetterProcessingHandler.class.getName());
    // The app has no global stores; without this Kafka Streams warns at every start (the default
    // becomes true in Kafka 5.0).
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // One produce request in flight per broker: with transactions v2 a broker with no state yet
    // for the producer rejects any batch but the first (KAFKA-18202); under load we saw the first
    // transaction of the app lose records when batches overtook each other (StreamsPipelineIT).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    // Records are ~1 KB of Avro: the default 16 KB batch holds 16 of them, and the broker's
    // per-batch work plus one request in flight made the batches, not the records, the cost.
    // With 128 KB (as ingest uses), papers bench measured the process CPU per input record of the
    // pass-through down by about half and dedupe's by about a third.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    p.putAll(overrides);
    return p;
  }

  /** The dedupe horizon of {@code props}. */
  public static Duration dedupeHorizon(Properties props) {
    return duration(props, DEDUPE_HORIZON, DedupeTopology.DEFAULT_HORIZON);
  }

  /** The trends options of {@code props}. */
  public static TrendsOptions trendsOptions(Properties props) {
    return new TrendsOptions(
        duration(props, TRENDS_GRACE, TrendsOptions.DEFAULT_GRACE),
        Integer.parseInt(
            props.getProperty(TRENDS_TOP_N, String.valueOf(TrendsOptions.DEFAULT_TOP_N))),
        duration(props, TRENDS_CLOSE_CHECK_INTERVAL, TrendsOptions.DEFAULT_CLOSE_CHECK_INTERVAL),
        duration(props, TRENDS_RETENTION, TrendsOptions.DEFAULT_RETENTION),
        duration(props, TRENDS_MAX_SKEW, TrendsOptions.DEFAULT_MAX_SKEW));
  }

  /** The schema registry URL of {@code props}. */
  public static String schemaRegistryUrl(Properties props) {
    String url = props.getProperty(RegistryConfig.SCHEMA_REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException(RegistryConfig.SCHEMA_REGISTRY_URL + " is not set");
    }
    return url;
  }

  private static Duration duration(Properties props, String key, Duration fallback) {
    Object v = props.get(key);
    if (v == null) {
      return fallback;
    }
    return v instanceof Duration d ? d : Duration.parse(v.toString());
  }
}
