package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.metrics.ClusterHealth;
import dev.paperspipeline.metrics.MetricsServer;
import dev.paperspipeline.metrics.PipelineMetrics;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import dev.paperspipeline.streams.dashboard.DashboardServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code papers streams}: runs dedupe, enrich and trends, and the analytics app, until Ctrl-C. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    // the description and the settings' texts are in this bundle, made from code
    resourceBundle = "dev.paperspipeline.cli.StreamsSettingsHelp")
public final class StreamsCommand implements Callable<Integer> {

  /** The host other instances reach this one at: explicit, else the bind host unless wildcard. */
  static String advertised(String bindHost, String explicit) throws IOException {
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    if (bindHost.equals("0.0.0.0") || bindHost.equals("::")) {
      return InetAddress.getLocalHost().getHostName();
    }
    return bindHost;
  }

  @Spec CommandSpec spec;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--state-dir",
      description =
          "Directory of local state stores, one subdirectory per application id; state recorded"
              + " for another Kafka cluster is deleted at start (default: "
              + PipelineConfig.DEFAULT_STATE_DIR
              + ").")
  Path stateDir;

  @Option(
      names = "--application-id",
      description =
          "Kafka Streams application id (default: application.id of --config/-X, else "
              + PipelineConfig.DEFAULT_APPLICATION_ID
              + ").")
  String applicationId;

  // The flags of PipelineConfig's settings: SettingFlags reads them by their descriptionKey.
  @Option(
      names = "--dedupe-horizon",
      descriptionKey = PipelineConfig.DEDUPE_HORIZON,
      converter = DurationConverter.class)
  Duration horizon;

  @Option(
      names = "--grace",
      descriptionKey = PipelineConfig.TRENDS_GRACE,
      converter = DurationConverter.class)
  Duration grace;

  @Option(
      names = "--retention",
      descriptionKey = PipelineConfig.TRENDS_RETENTION,
      converter = DurationConverter.class)
  Duration retention;

  @Option(
      names = "--max-skew",
      descriptionKey = PipelineConfig.TRENDS_MAX_SKEW,
      converter = DurationConverter.class)
  Duration maxSkew;

  @Option(names = "--top-n", descriptionKey = PipelineConfig.TRENDS_TOP_N)
  Integer topN;

  @Option(names = "--no-analytics", descriptionKey = StreamsSettingsHelp.NO_ANALYTICS)
  boolean noAnalytics;

  @Option(names = "--burst-min-score", descriptionKey = PipelineConfig.BURSTS_MIN_SCORE)
  Double burstMinScore;

  @Option(names = "--burst-min-count", descriptionKey = PipelineConfig.BURSTS_MIN_COUNT)
  Integer burstMinCount;

  @Option(
      names = "--burst-min-baseline",
      descriptionKey = PipelineConfig.BURSTS_MIN_BASELINE_WINDOWS)
  Integer burstMinBaseline;

  @Option(names = "--emerging-days", descriptionKey = PipelineConfig.EMERGING_WINDOW_DAYS)
  Integer emergingDays;

  @Option(names = "--emerging-min-papers", descriptionKey = PipelineConfig.EMERGING_MIN_PAPERS)
  Integer emergingMinPapers;

  @Option(
      names = "--dashboard-host",
      defaultValue = "127.0.0.1",
      description = "Address the dashboard and its JSON API bind (default: ${DEFAULT-VALUE}).")
  String dashboardHost;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8080",
      description = "Dashboard port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--advertised-host",
      description =
          "Host name other instances use to reach this one's API (application.server);"
              + " default: the dashboard host, or this machine's name when binding all addresses.")
  String advertisedHost;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics (papers per stage, dead letters, duplicates, late trend"
              + " records, consumer lag, state store sizes) on this port at /metrics; the"
              + " analytics app's Kafka metrics carry app=\"analytics\". Off by default.")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = MetricsServer.DEFAULT_HOST,
      description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  @Override
  public Integer call() throws InterruptedException, IOException {
    Map<String, Object> overrides =
        SettingFlags.resolve(spec, PipelineConfig.CONFIG_DEF, cluster.clients());
    PipelineConfig.validate(overrides);
    PortInUseException.requireFree(dashboardHost, dashboardPort, "--dashboard-port");
    if (metricsPort != null) {
      PortInUseException.requireFree(metricsHost, metricsPort, "--metrics-port");
    }
    cluster.probeKafka();
    cluster.probeRegistry();
    Map<String, Object> adminConfig = cluster.clients().admin();
    List<String> created = TopicsCreator.ensureAll(adminConfig);
    if (!created.isEmpty()) {
      spec.commandLine().getErr().println("created topics " + created);
    }
    if (applicationId != null) {
      overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    }
    if (stateDir != null) {
      overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    }
    DashboardServer dashboard = DashboardServer.bind(dashboardHost, dashboardPort);
    HostInfo self = new HostInfo(advertised(dashboardHost, advertisedHost), dashboard.port());
    overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    Properties props =
        PipelineConfig.streamsProperties(
            cluster.clients().bootstrapServers(), cluster.clients().schemaRegistryUrl(), overrides);
    // The exception handlers count their dead letters in it (see DeadLetters).
    PipelineMetrics metrics =
        new PipelineMetrics().initDeadLetterStages(PipelineMetrics.STREAMS_STAGES);
    props.put(PipelineMetrics.CONFIG, metrics);
    // validated before anything starts: a bad option is a usage error, not a failed thread
    AnalyticsApp.options(props);
    StreamsApp app = StreamsApp.start(props);
    StreamsApp analytics = noAnalytics ? null : AnalyticsApp.start(props);
    if (analytics != null) {
      spec.commandLine()
          .getErr()
          .println(
              "analytics: application id "
                  + AnalyticsApp.properties(props).get(StreamsConfig.APPLICATION_ID_CONFIG));
    }
    dashboard.serve(app.streams(), self, props);
    spec.commandLine().getErr().println("dashboard: " + dashboard.url());
    MetricsServer metricsServer = null;
    if (metricsPort != null) {
      metrics.withJvmMetrics().registerKafkaMetrics(app.streams()::metrics);
      if (analytics != null) {
        metrics.registerKafkaMetrics("analytics", analytics.streams()::metrics);
      }
      // Kafka Streams stays RUNNING while every broker is down: ask the cluster too.
      ClusterHealth clusterHealth = new ClusterHealth(cluster.clients().admin());
      metricsServer =
          MetricsServer.start(
              MetricsServer.Config.localhost(metricsPort)
                  .withHost(metricsHost)
                  .withHealth(
                      () ->
                          app.streams().state().isRunningOrRebalancing()
                              && clusterHealth.getAsBoolean()),
              metrics);
      spec.commandLine().getErr().println("metrics: " + metricsServer.url() + "/metrics");
    }
    MetricsServer metricsToClose = metricsServer;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dashboard.close();
                  if (metricsToClose != null) {
                    metricsToClose.close();
                  }
                  if (analytics != null) {
                    analytics.close();
                  }
                  app.close();
                },
                "papers-streams-shutdown"));
    app.awaitStop();
    return 0;
  }
}
