package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Keeps docker-compose.yml honest without Docker: valid YAML, the expected services on the images
 * the container tests use, health checks where dependents wait for health, and every {@code papers}
 * command line it runs accepted by the real {@link PapersCli}.
 */
class ComposeFileTest {
  private static final String COMPOSE_FILE = "docker-compose.yml";
  private static final Pattern LOCAL_PORT = Pattern.compile("localhost:(\\d+)");
  private static JsonNode services;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(COMPOSE_FILE))) {
      dir = dir.getParent();
    }
    assertThat(dir).as(COMPOSE_FILE + " above " + Path.of("").toAbsolutePath()).isNotNull();
    JsonNode compose = new YAMLMapper().readTree(dir.resolve(COMPOSE_FILE).toFile());
    services = compose.get("services");
    assertThat(services).as("services").isNotNull();
  }

  private static List<String> command(String service) {
    List<String> args = new ArrayList<>();
    services.get(service).get("command").forEach(a -> args.add(a.asText()));
    return args;
  }

  private static String option(List<String> args, String name) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }

  @Test
  void shouldRunThePipelineServicesOnTheTestedImages() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);

    assertThat(names).containsExactlyInAnyOrder("kafka", "schema-registry", "ingest", "streams");
    assertThat(services.get("kafka").get("image").asText()).isEqualTo(ContainerImages.KAFKA);
    assertThat(services.get("schema-registry").get("image").asText())
        .isEqualTo(ContainerImages.SCHEMA_REGISTRY);
    assertThat(services.get("ingest").get("build").asText()).isEqualTo(".");
    assertThat(services.get("streams").get("build").asText()).isEqualTo(".");
  }

  @Test
  void shouldGiveEveryServiceAHealthCheckAndWaitOnlyForHealthyOnes() {
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      JsonNode check = service.getValue().get("healthcheck");
      assertThat(check).as(service.getKey() + " healthcheck").isNotNull();
      assertThat(check.get("test").get(0).asText()).isIn("CMD", "CMD-SHELL");
      assertThat(check.get("retries").asInt()).isPositive();
      JsonNode dependsOn = service.getValue().get("depends_on");
      if (dependsOn != null) {
        dependsOn
            .fields()
            .forEachRemaining(
                dep -> {
                  assertThat(services.has(dep.getKey())).as(dep.getKey()).isTrue();
                  assertThat(dep.getValue().get("condition").asText()).isEqualTo("service_healthy");
                });
      }
    }
  }

  @Test
  void shouldPointTheRegistryAtTheBrokersAdvertisedListener() {
    JsonNode kafkaEnv = services.get("kafka").get("environment");
    String advertised = kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS").asText();
    String registryStore =
        services
            .get("schema-registry")
            .get("environment")
            .get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")
            .asText();

    assertThat(advertised).isEqualTo("PLAINTEXT://kafka:9092");
    assertThat(registryStore).isEqualTo(advertised);
    // Transactions (ingest, exactly_once_v2) need these on a single broker.
    assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR").asInt()).isEqualTo(1);
    assertThat(kafkaEnv.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR").asInt()).isEqualTo(1);
    assertThat(
            services
                .get("schema-registry")
                .get("environment")
                .get("SCHEMA_REGISTRY_LISTENERS")
                .asText())
        .isEqualTo("http://0.0.0.0:8081");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "streams"})
  void shouldRunAPapersSubcommandThatAcceptsItsOptions(String service) {
    List<String> args = command(service);
    CommandLine cli = PapersCli.commandLine();
    String subcommand = args.get(0);
    assumeTrue(
        cli.getSubcommands().containsKey(subcommand),
        "papers " + subcommand + " is not on this branch yet; compose assumes its options " + args);

    ParseResult parsed;
    try {
      parsed = cli.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      fail("papers rejects the compose command of " + service + " " + args + ": " + e.getMessage());
      return;
    }

    assertThat(parsed.subcommand()).isNotNull();
    assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(subcommand);
    assertThat(option(args, "--bootstrap-servers")).isEqualTo("kafka:9092");
    assertThat(option(args, "--schema-registry")).isEqualTo("http://schema-registry:8081");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "streams"})
  void shouldProbeAndPublishAPortTheServiceListensOnForEveryAddress(String service) {
    List<String> args = command(service);
    String port =
        option(args, "--dashboard-port") != null
            ? option(args, "--dashboard-port")
            : option(args, "--metrics-port");
    String host =
        option(args, "--dashboard-port") != null
            ? option(args, "--dashboard-host")
            : option(args, "--metrics-host");
    assertThat(port).as(service + " listens on a port").isNotNull();
    // Inside a container 127.0.0.1 is unreachable from the published port.
    assertThat(host).isEqualTo("0.0.0.0");

    String check = services.get(service).get("healthcheck").get("test").get(1).asText();
    Matcher m = LOCAL_PORT.matcher(check);
    assertThat(m.find()).as(check).isTrue();
    assertThat(m.group(1)).isEqualTo(port);
    List<String> published = new ArrayList<>();
    services.get(service).get("ports").forEach(p -> published.add(p.asText()));
    assertThat(published)
        .anySatisfy(p -> assertThat(p).startsWith("127.0.0.1:").endsWith(":" + port));
  }
}
