package dev.paperspipeline.cli;

/**
 * The container images the end-to-end tests and docker-compose.yml use: one place, so that {@link
 * ComposeFileTest} can keep the compose file on the versions the tests ran against.
 */
final class ContainerImages {
  static final String KAFKA = "apache/kafka:4.1.0";
  static final String SCHEMA_REGISTRY = "confluentinc/cp-schema-registry:8.0.0";

  private ContainerImages() {}
}
