package dev.paperspipeline.cli;

import picocli.CommandLine.Option;

/** Where the Kafka cluster and the schema registry are: the options every client command takes. */
final class ClusterOptions {
  @Option(
      names = {"--bootstrap-servers", "-b"},
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = {"--schema-registry", "-r"},
      defaultValue = "http://127.0.0.1:8081",
      description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
  String schemaRegistry;
}
