package dev.paperspipeline.cli;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.clients.ClusterProbe;
import dev.paperspipeline.ingest.IngestConfig;
import dev.paperspipeline.streams.PipelineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the Kafka cluster and the schema registry are and how to reach them: the options every
 * client command takes, resolved into one {@link ClientConfig} (flag > environment > --config file
 * > default).
 */
final class ClusterOptions {
  private static final Logger log = LoggerFactory.getLogger(ClusterOptions.class);

  /** The environment the options read; tests replace it. */
  static Supplier<Map<String, String>> environment = System::getenv;

  /** The bootstrap servers of the last resolved config, for error messages. */
  static volatile String lastBootstrapServers = ClientConfig.DEFAULT_BOOTSTRAP_SERVERS;

  @Option(
      names = {"--bootstrap-servers", "--bootstrap-server", "-b"},
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka bootstrap servers; --bootstrap-server as Kafka's tools spell it (default: $"
              + ClientConfig.ENV_BOOTSTRAP_SERVERS
              + ", else bootstrap.servers of --config, else "
              + ClientConfig.DEFAULT_BOOTSTRAP_SERVERS
              + ").")
  String bootstrapServers;

  @Option(
      names = {"--schema-registry", "-r"},
      paramLabel = "URL[,...]",
      description =
          "Schema registry URL, http(s)://host:port (default: $"
              + ClientConfig.ENV_SCHEMA_REGISTRY_URL
              + ", else schema.registry.url of --config, else "
              + ClientConfig.DEFAULT_SCHEMA_REGISTRY_URL
              + ").")
  String schemaRegistry;

  @Option(
      names = {"--config", "--command-config", "-F"},
      paramLabel = "FILE",
      description =
          "Java properties file of Kafka client and schema-registry client settings"
              + " (security.protocol, sasl.*, ssl.*, basic.auth.*, schema.registry.ssl.*, ...),"
              + " the file Kafka's tools take as --command-config (also accepted here);"
              + " default: $"
              + ClientConfig.ENV_CONFIG
              + ". Precedence: flags (incl. -X) > environment > this file > defaults.")
  Path configFile;

  @Option(
      names = "-X",
      paramLabel = "KEY=VALUE",
      description =
          "One client setting, repeatable (e.g. -X security.protocol=SASL_SSL). Unprefixed Kafka"
              + " names apply to every client; producer., consumer., admin. (and Kafka Streams'"
              + " own prefixes) set it for one client only.")
  List<String> settings;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "15s",
      converter = DurationConverter.class,
      description =
          "How long to wait for the cluster and the registry to answer before giving up with exit"
              + " code 3 (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  /** The command that mixes these options in: where unknown settings are reported. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private ClientConfig resolved;

  /** The pipeline's own settings (papers.*) that -X and --config may give. */
  private static Set<String> pipelineNames() {
    Set<String> out = new HashSet<>(PipelineConfig.CONFIG_DEF.names());
    out.addAll(IngestConfig.CONFIG_DEF.names());
    return out;
  }

  /**
   * The client settings of this command.
   *
   * @throws IllegalArgumentException when the config file is missing or a setting is malformed
   */
  ClientConfig clients() {
    if (resolved == null) {
      resolved =
          ClientConfig.builder()
              .file(configFile)
              .env(environment.get())
              .bootstrapServers(bootstrapServers)
              .schemaRegistryUrl(schemaRegistry)
              .settings(settings)
              .build();
      lastBootstrapServers = resolved.bootstrapServers();
      if (mixee != null) {
        PrintWriter err = mixee.commandLine().getErr();
        for (String line : resolved.unknownSettings(pipelineNames())) {
          err.println(mixee.qualifiedName() + ": WARN " + line);
        }
        err.flush();
      }
      log.debug("Client settings: {}", resolved);
    }
    return resolved;
  }

  /** Fails within --connect-timeout, in one line, when the cluster cannot be used. */
  void probeKafka() {
    ClusterProbe.kafka(clients(), connectTimeout);
  }

  /** Fails within --connect-timeout, in one line, when the registry cannot be used. */
  void probeRegistry() {
    ClusterProbe.registry(clients(), connectTimeout);
  }
}
