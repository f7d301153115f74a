package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Owner;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.PipelineLag;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.TopicSerdes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The analytics app: {@link AnalyticsTopology} as a Kafka Streams application of its own, next to
 * the pipeline's. Its application id is the pipeline's plus {@value #APPLICATION_ID_SUFFIX} (so
 * {@code papers reset}, which deletes the internal topics of {@code <pipeline id>-*}, resets it
 * too), exactly-once like the pipeline, with its state in the {@value #STATE_SUBDIR} subfolder of
 * the pipeline's state directory.
 */
public final class AnalyticsApp {

  /** Appended to the pipeline's application id. */
  public static final String APPLICATION_ID_SUFFIX = "-analytics";

  /** Subfolder of the pipeline's {@code state.dir} the analytics app keeps its state in. */
  public static final String STATE_SUBDIR = "analytics";

  /** The output topics of the analytics app, which {@code papers reset} recreates. */
  public static final List<String> OUTPUT_TOPICS = Topics.names(Topics.ownedBy(Owner.ANALYTICS));

  private AnalyticsApp() {}

  /** The application id of the analytics app of the pipeline app {@code pipelineAppId}. */
  public static String applicationId(String pipelineAppId) {
    return pipelineAppId + APPLICATION_ID_SUFFIX;
  }

  /**
   * The topics the analytics app consumes, for its lag: its inputs and its repartition topics, as
   * its topology names them.
   */
  public static List<String> inputTopics(String analyticsAppId) {
    Topology topology =
        AnalyticsTopology.build(
            AnalyticsOptions.defaults(),
            TopicSerdes.avro(
                Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://analytics-input-topics")));
    return PipelineLag.sourceTopics(topology.describe(), analyticsAppId);
  }

  /**
   * The analytics app's properties from the pipeline app's ({@link PipelineConfig}): the same
   * cluster, registry, guarantees and settings, its own application id and state subfolder, and no
   * {@code application.server} (the dashboard queries the pipeline app).
   */
  public static Properties properties(Properties pipeline) {
    Properties p = new Properties();
    p.putAll(pipeline);
    String base =
        pipeline.getProperty(
            StreamsConfig.APPLICATION_ID_CONFIG, PipelineConfig.DEFAULT_APPLICATION_ID);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(base));
    String stateDir =
        pipeline.getProperty(StreamsConfig.STATE_DIR_CONFIG, PipelineConfig.DEFAULT_STATE_DIR);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(stateDir).resolve(STATE_SUBDIR).toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return p;
  }

  /**
   * The analytics options of {@code props} ({@link PipelineConfig#CONFIG_DEF}'s {@code
   * papers.bursts.*}, {@code papers.emerging.*} and trends settings).
   *
   * @throws org.apache.kafka.common.config.ConfigException naming a setting whose value is invalid
   * @throws IllegalArgumentException when the values do not fit together
   */
  public static AnalyticsOptions options(Properties props) {
    return PipelineConfig.analyticsOptions(props);
  }

  /** The topology for the analytics properties {@code props}. */
  public static Topology topology(Properties props) {
    Map<String, Object> registry = new HashMap<>();
    props.forEach((k, v) -> registry.put(k.toString(), v));
    registry.put(RegistryConfig.SCHEMA_REGISTRY_URL, PipelineConfig.schemaRegistryUrl(props));
    return AnalyticsTopology.build(options(props), TopicSerdes.avro(registry));
  }

  /**
   * Builds and starts the analytics app with the pipeline app's properties {@code pipeline} (turned
   * into its own by {@link #properties}). Local state recorded for another Kafka cluster is wiped
   * first.
   */
  public static StreamsApp start(Properties pipeline) {
    Properties props = properties(pipeline);
    return StreamsApp.start(props, topology(props), "analytics");
  }
}
