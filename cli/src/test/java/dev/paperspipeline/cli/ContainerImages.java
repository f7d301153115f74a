package dev.paperspipeline.cli;

/**
 * The container images the end-to-end tests and docker-compose.yml use: one place, so that {@link
 * ComposeFileTest} can keep the compose file on the versions the tests ran against.
 */
final class ContainerImages {
  /** The broker version the project's clients and in-process broker are built on. */
  static final String KAFKA = "apache/kafka:4.3.1";

  static final String SCHEMA_REGISTRY = "confluentinc/cp-schema-registry:8.1.1";
  static final String PROMETHEUS = "prom/prometheus:v3.5.0";
  static final String GRAFANA = "grafana/grafana:12.1.1";

  private ContainerImages() {}
}
