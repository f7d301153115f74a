package dev.paperspipeline.streams;

import dev.paperspipeline.clients.DurationSetting;
import dev.paperspipeline.clients.OwnSettings;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.streams.analytics.AnalyticsOptions;
import dev.paperspipeline.streams.analytics.BurstOptions;
import dev.paperspipeline.streams.analytics.EmergingOptions;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
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

  /** How long a paper counts as already seen (ISO-8601). */
  public static final String DEDUPE_HORIZON = "papers.dedupe.horizon";

  /** How long a trend window waits after its end before its first final result (ISO-8601). */
  public static final String TRENDS_GRACE = "papers.trends.grace";

  /** Papers with a digest date older than this (from today) are not counted (ISO-8601). */
  public static final String TRENDS_RETENTION = "papers.trends.retention";

  /** Papers dated more than this ahead of the wall clock are not counted (ISO-8601). */
  public static final String TRENDS_MAX_SKEW = "papers.trends.max.skew";

  /** Entries per trending-topics record. */
  public static final String TRENDS_TOP_N = "papers.trends.top.n";

  /** How often closed trend windows are looked for, on the wall clock (ISO-8601). */
  public static final String TRENDS_CLOSE_CHECK_INTERVAL = "papers.trends.close.check.interval";

  /** Analytics app: minimum burst score, -log10 of the Poisson upper-tail p-value. */
  public static final String BURSTS_MIN_SCORE = "papers.bursts.min.score";

  /** Analytics app: papers a burst needs at least. */
  public static final String BURSTS_MIN_COUNT = "papers.bursts.min.count";

  /**
   * Analytics app: trailing windows of a window type a window's baseline is taken over, one key per
   * window type ({@code papers.bursts.day.baseline}, {@code papers.bursts.week.baseline}, ...).
   */
  public static String burstsBaseline(TrendWindow window) {
    return "papers.bursts." + window.noun() + ".baseline";
  }

  /** Analytics app: baseline windows with papers a window needs before it is scored. */
  public static final String BURSTS_MIN_BASELINE_WINDOWS = "papers.bursts.min.baseline.windows";

  /** Analytics app: papers named per burst. */
  public static final String BURSTS_TOP_PAPERS = "papers.bursts.top.papers";

  /** Analytics app: days a keyphrase stays emerging after its first digest date. */
  public static final String EMERGING_WINDOW_DAYS = "papers.emerging.window.days";

  /** Analytics app: papers an emerging keyphrase needs at least. */
  public static final String EMERGING_MIN_PAPERS = "papers.emerging.min.papers";

  /**
   * The pipeline's own settings: type, default, valid values, importance and documentation. {@code
   * papers streams --help} and the README's settings table are rendered from it.
   */
  public static final ConfigDef CONFIG_DEF =
      withBurstBaselines(
              new ConfigDef()
                  .define(
                      DEDUPE_HORIZON,
                      Type.STRING,
                      DurationSetting.format(DedupeTopology.DEFAULT_HORIZON),
                      DurationSetting.positive(),
                      Importance.HIGH,
                      "How long a paper counts as already seen: a later sighting within it goes to"
                          + " paper-sightings only, not to papers-unique.")
                  .define(
                      TRENDS_GRACE,
                      Type.STRING,
                      DurationSetting.format(TrendsOptions.DEFAULT_GRACE),
                      DurationSetting.nonNegative(),
                      Importance.MEDIUM,
                      "How long after its end a trend window waits before its first final result;"
                          + " later papers still count and re-emit the window with revision+1.")
                  .define(
                      TRENDS_RETENTION,
                      Type.STRING,
                      DurationSetting.format(TrendsOptions.DEFAULT_RETENTION),
                      DurationSetting.positive(),
                      Importance.MEDIUM,
                      "Papers whose digest date is older than this (from today) are not counted by trends"
                          + " but sent to papers-dead-letter.")
                  .define(
                      TRENDS_MAX_SKEW,
                      Type.STRING,
                      DurationSetting.format(TrendsOptions.DEFAULT_MAX_SKEW),
                      DurationSetting.nonNegative(),
                      Importance.LOW,
                      "Papers dated more than this ahead of the wall clock are not counted by trends but"
                          + " sent to papers-dead-letter; the trends clock never runs further ahead.")
                  .define(
                      TRENDS_TOP_N,
                      Type.INT,
                      TrendsOptions.DEFAULT_TOP_N,
                      Range.atLeast(1),
                      Importance.MEDIUM,
                      "Entries per trending-topics record.")
                  .define(
                      TRENDS_CLOSE_CHECK_INTERVAL,
                      Type.STRING,
                      DurationSetting.format(TrendsOptions.DEFAULT_CLOSE_CHECK_INTERVAL),
                      DurationSetting.positive(),
                      Importance.LOW,
                      "How often, on the wall clock, closed trend windows are looked for and emitted as"
                          + " final.")
                  .define(
                      BURSTS_MIN_SCORE,
                      Type.DOUBLE,
                      BurstOptions.DEFAULT_MIN_SCORE,
                      Range.atLeast(0),
                      Importance.MEDIUM,
                      "Analytics: a window is a burst when -log10 of its Poisson upper-tail p-value"
                          + " (against the trailing baseline) is at least this; 3 means p <= 0.001.")
                  .define(
                      BURSTS_MIN_COUNT,
                      Type.INT,
                      BurstOptions.DEFAULT_MIN_COUNT,
                      Range.atLeast(1),
                      Importance.MEDIUM,
                      "Analytics: papers a burst needs at least."))
          .define(
              BURSTS_MIN_BASELINE_WINDOWS,
              Type.INT,
              BurstOptions.DEFAULT_MIN_BASELINE_WINDOWS,
              Range.atLeast(1),
              Importance.LOW,
              "Analytics: baseline windows with papers a window needs before it is scored (at"
                  + " most the smallest of the baselines).")
          .define(
              BURSTS_TOP_PAPERS,
              Type.INT,
              BurstOptions.DEFAULT_TOP_PAPERS,
              Range.between(0, 5),
              Importance.LOW,
              "Analytics: papers named per topic-bursts record, most sighted first.")
          .define(
              EMERGING_WINDOW_DAYS,
              Type.INT,
              EmergingOptions.DEFAULT_WINDOW_DAYS,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Analytics: a keyphrase is emerging while fewer than this many days passed since"
                  + " its first digest date.")
          .define(
              EMERGING_MIN_PAPERS,
              Type.INT,
              EmergingOptions.DEFAULT_MIN_PAPERS,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Analytics: papers an emerging keyphrase needs at least.");

  /** Defines, in window order, the baseline length of each window type's bursts. */
  private static ConfigDef withBurstBaselines(ConfigDef def) {
    for (TrendWindow w : TrendWindow.values()) {
      def.define(
          burstsBaseline(w),
          Type.INT,
          w.defaultBaseline(),
          Range.atLeast(1),
          Importance.LOW,
          "Analytics: trailing " + w + " windows a " + w.noun() + "'s count is compared with.");
    }
    return def;
  }

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
    // for the producer rejects any batch but the first (KAFKA-18202), so a batch that overtakes
    // the first loses records of the app's first transaction.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    // Records are ~1 KB of Avro: in the default 16 KB batch the broker's per-batch work, with one
    // request in flight, costs more than the records (BENCHMARKS.md has the measurement).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    p.putAll(overrides);
    return p;
  }

  /**
   * Checks the pipeline settings of {@code props} against {@link #CONFIG_DEF}.
   *
   * @throws ConfigException naming the first setting whose value is not valid
   */
  public static void validate(Map<?, ?> props) {
    parse(props);
  }

  /** The dedupe horizon of {@code props}. */
  public static Duration dedupeHorizon(Map<?, ?> props) {
    return DurationSetting.parse(parse(props).getString(DEDUPE_HORIZON));
  }

  /** The trends options of {@code props}. */
  public static TrendsOptions trendsOptions(Map<?, ?> props) {
    AbstractConfig c = parse(props);
    return new TrendsOptions(
        DurationSetting.parse(c.getString(TRENDS_GRACE)),
        c.getInt(TRENDS_TOP_N),
        DurationSetting.parse(c.getString(TRENDS_CLOSE_CHECK_INTERVAL)),
        DurationSetting.parse(c.getString(TRENDS_RETENTION)),
        DurationSetting.parse(c.getString(TRENDS_MAX_SKEW)));
  }

  /** The analytics app's options of {@code props} (the trends settings too). */
  public static AnalyticsOptions analyticsOptions(Map<?, ?> props) {
    AbstractConfig c = parse(props);
    Map<TrendWindow, Integer> baselines = new EnumMap<>(TrendWindow.class);
    for (TrendWindow w : TrendWindow.values()) {
      baselines.put(w, c.getInt(burstsBaseline(w)));
    }
    return new AnalyticsOptions(
        trendsOptions(props),
        new BurstOptions(
            c.getDouble(BURSTS_MIN_SCORE),
            c.getInt(BURSTS_MIN_COUNT),
            baselines,
            c.getInt(BURSTS_MIN_BASELINE_WINDOWS),
            c.getInt(BURSTS_TOP_PAPERS)),
        new EmergingOptions(
            c.getInt(EMERGING_WINDOW_DAYS),
            c.getInt(EMERGING_MIN_PAPERS),
            EmergingOptions.DEFAULT_EXAMPLES));
  }

  /** The schema registry URL of {@code props}. */
  public static String schemaRegistryUrl(Map<?, ?> props) {
    Object url = props.get(RegistryConfig.SCHEMA_REGISTRY_URL);
    if (url == null) {
      throw new IllegalArgumentException(RegistryConfig.SCHEMA_REGISTRY_URL + " is not set");
    }
    return url.toString();
  }

  /** Only the pipeline's own keys: Kafka Streams validates (and logs) its own. */
  private static AbstractConfig parse(Map<?, ?> props) {
    return OwnSettings.parse(CONFIG_DEF, props);
  }
}
