package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.metrics.KafkaMetricsCollector;
import dev.paperspipeline.metrics.PipelineMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Keeps docker-compose.yml honest without Docker: valid YAML, the expected services on pinned
 * images, health checks where dependents wait for health, every {@code papers} command line it runs
 * accepted by the real {@link PapersCli}, the host ports the CLI defaults and the README name,
 * Prometheus scraping exactly the metrics ports the services serve, and a Grafana dashboard that
 * only queries metrics the pipeline exports.
 */
class ComposeFileTest {
  private static final String COMPOSE_FILE = "docker-compose.yml";
  private static final Pattern LOCAL_PORT = Pattern.compile("localhost:(\\d+)");
  private static final List<String> PAPERS_SERVICES = List.of("ingest", "streams-1", "streams-2");
  private static final String INTERNAL_BOOTSTRAP = "kafka:29092";

  private static Path root;
  private static JsonNode services;

  @BeforeAll
  static void load() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve(COMPOSE_FILE))) {
      dir = dir.getParent();
    }
    assertThat(dir).as(COMPOSE_FILE + " above " + Path.of("").toAbsolutePath()).isNotNull();
    root = dir;
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

  private static String env(String service, String name) {
    JsonNode value = services.get(service).get("environment").get(name);
    assertThat(value).as(service + " " + name).isNotNull();
    return value.asText();
  }

  /** Published ports of {@code service} as "host port -> container port". */
  private static Map<Integer, Integer> published(String service) {
    Map<Integer, Integer> out = new java.util.TreeMap<>();
    JsonNode ports = services.get(service).get("ports");
    assertThat(ports).as(service + " ports").isNotNull();
    for (JsonNode p : ports) {
      String[] parts = p.asText().split(":");
      assertThat(parts).as("%s publishes %s on 127.0.0.1 only", service, p.asText()).hasSize(3);
      assertThat(parts[0]).isEqualTo("127.0.0.1");
      out.put(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }
    return out;
  }

  @Test
  void shouldRunThePipelineServicesOnPinnedImages() {
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);

    assertThat(names)
        .containsExactlyInAnyOrder(
            "kafka",
            "schema-registry",
            "ingest",
            "streams-1",
            "streams-2",
            "prometheus",
            "grafana");
    assertThat(services.get("kafka").get("image").asText()).isEqualTo(ContainerImages.KAFKA);
    assertThat(services.get("schema-registry").get("image").asText())
        .isEqualTo(ContainerImages.SCHEMA_REGISTRY);
    assertThat(services.get("prometheus").get("image").asText())
        .isEqualTo(ContainerImages.PROMETHEUS);
    assertThat(services.get("grafana").get("image").asText()).isEqualTo(ContainerImages.GRAFANA);
    for (String service : PAPERS_SERVICES) {
      assertThat(services.get(service).get("build").asText()).as(service).isEqualTo(".");
    }
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
  void shouldAdvertiseAnInternalListenerToContainersAndTheDefaultPortToTheHost() {
    String advertised = env("kafka", "KAFKA_ADVERTISED_LISTENERS");
    assertThat(advertised.split(","))
        .containsExactlyInAnyOrder(
            "PLAINTEXT://" + INTERNAL_BOOTSTRAP,
            "PLAINTEXT_HOST://127.0.0.1:" + LocalStack.DEFAULT_BROKER_PORT);
    assertThat(env("kafka", "KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo("PLAINTEXT");
    assertThat(published("kafka"))
        .containsEntry(LocalStack.DEFAULT_BROKER_PORT, LocalStack.DEFAULT_BROKER_PORT);
    assertThat(env("schema-registry", "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS"))
        .isEqualTo("PLAINTEXT://" + INTERNAL_BOOTSTRAP);
    assertThat(env("schema-registry", "SCHEMA_REGISTRY_LISTENERS"))
        .isEqualTo("http://0.0.0.0:" + LocalStack.DEFAULT_REGISTRY_PORT);
    // every command's default registry URL (http://127.0.0.1:8081) reaches it from the host
    assertThat(published("schema-registry"))
        .containsEntry(LocalStack.DEFAULT_REGISTRY_PORT, LocalStack.DEFAULT_REGISTRY_PORT);
    // Transactions (ingest, exactly_once_v2) need these on a single broker.
    assertThat(env("kafka", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")).isEqualTo("1");
    assertThat(env("kafka", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR")).isEqualTo("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "streams-1", "streams-2"})
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
    assertThat(option(args, "--bootstrap-servers")).isEqualTo(INTERNAL_BOOTSTRAP);
    assertThat(option(args, "--schema-registry"))
        .isEqualTo("http://schema-registry:" + LocalStack.DEFAULT_REGISTRY_PORT);
  }

  @Test
  void shouldRunTwoStreamsReplicasOfOneAppWithDashboardsOn8080And8082() {
    Map<String, Integer> dashboards = Map.of("streams-1", 8080, "streams-2", 8082);
    for (Map.Entry<String, Integer> d : dashboards.entrySet()) {
      List<String> args = command(d.getKey());
      assertThat(args.get(0)).isEqualTo("streams");
      assertThat(option(args, "--application-id")).as("one application id").isNull();
      assertThat(option(args, "--advertised-host")).isEqualTo(d.getKey());
      assertThat(option(args, "--state-dir")).isNotNull();
      assertThat(option(args, "--grace"))
          .as("the default grace: a backfilled paper revises its closed window instead of a drop")
          .isNull();
      assertThat(published(d.getKey()))
          .containsEntry(d.getValue(), Integer.parseInt(option(args, "--dashboard-port")));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest", "streams-1", "streams-2"})
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
    assertThat(option(args, "--metrics-host")).isEqualTo("0.0.0.0");

    String check = services.get(service).get("healthcheck").get("test").get(1).asText();
    Matcher m = LOCAL_PORT.matcher(check);
    assertThat(m.find()).as(check).isTrue();
    assertThat(m.group(1)).isEqualTo(port);
    assertThat(published(service).values()).contains(Integer.parseInt(port));
    int metrics = Integer.parseInt(option(args, "--metrics-port"));
    assertThat(published(service)).as("metrics port").containsEntry(metrics, metrics);
  }

  @Test
  void shouldScrapeExactlyTheMetricsPortsOfIngestAndBothStreamsReplicas() throws Exception {
    String volume = services.get("prometheus").get("volumes").get(0).asText();
    Path config = root.resolve(volume.substring(0, volume.indexOf(':')));
    JsonNode prometheus = new YAMLMapper().readTree(config.toFile());
    Set<String> targets = new TreeSet<>();
    for (JsonNode job : prometheus.get("scrape_configs")) {
      assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
      for (JsonNode sc : job.get("static_configs")) {
        sc.get("targets").forEach(t -> targets.add(t.asText()));
      }
    }
    Set<String> expected = new TreeSet<>();
    for (String service : PAPERS_SERVICES) {
      expected.add(service + ":" + option(command(service), "--metrics-port"));
    }
    assertThat(targets).isEqualTo(expected);
  }

  /** The gauge the "no digest for N days" alert reads (exported by ingest's metrics). */
  static final String LAST_DIGEST_GAUGE = "papers_ingest_last_digest_timestamp_seconds";

  @Test
  void shouldMountTheAlertRulesThePrometheusConfigLoadsAndDocumentThem() throws Exception {
    List<String> volumes = new ArrayList<>();
    services.get("prometheus").get("volumes").forEach(v -> volumes.add(v.asText()));
    String config = volumes.get(0);
    Path local = root.resolve(config.substring(0, config.indexOf(':')));
    String mounted = config.substring(config.indexOf(':') + 1, config.lastIndexOf(':'));
    String mountedDir = mounted.substring(0, mounted.lastIndexOf('/') + 1);
    JsonNode prometheus = new YAMLMapper().readTree(local.toFile());
    List<String> alerts = new ArrayList<>();
    assertThat(prometheus.get("rule_files")).isNotEmpty();
    for (JsonNode ruleFile : prometheus.get("rule_files")) {
      Path rules = local.resolveSibling(ruleFile.asText());
      assertThat(rules).exists();
      String relative = "./" + root.relativize(rules).toString().replace('\\', '/');
      assertThat(volumes).contains(relative + ":" + mountedDir + ruleFile.asText() + ":ro");
      for (JsonNode group : new YAMLMapper().readTree(rules.toFile()).get("groups")) {
        for (JsonNode rule : group.get("rules")) {
          alerts.add(rule.get("alert").asText());
          Matcher m =
              Pattern.compile("\\b(papers_[a-z_]+|kafka_[a-z_]+)\\b")
                  .matcher(rule.get("expr").asText());
          while (m.find()) {
            assertThat(exportedNames()).as(rule.get("alert").asText()).contains(m.group(1));
          }
        }
      }
    }
    assertThat(alerts)
        .containsExactly(
            "PapersNoDigestForDays",
            "PapersDeadLetters",
            "PapersConsumerLag",
            "PapersStreamThreadFailed",
            "PapersTargetDown");
    String readme = Files.readString(root.resolve("docs/operations.md"));
    assertThat(readme).contains(LAST_DIGEST_GAUGE, "monitoring/alerts.yml").contains(alerts);
  }

  /** The names of every series the pipeline exports (its own and the listed Kafka ones). */
  private static Set<String> exportedNames() throws IllegalAccessException {
    Set<String> allowed = new HashSet<>();
    KafkaMetricsCollector.SERIES.forEach(series -> allowed.add(series.name()));
    for (var f : PipelineMetrics.class.getFields()) {
      if (f.getType() == String.class
          && f.getName().matches("[A-Z_]+")
          && f.get(null).toString().startsWith("papers_")) {
        allowed.add((String) f.get(null));
      }
    }
    return allowed;
  }

  @Test
  void shouldProvisionAGrafanaDashboardThatQueriesOnlyExportedMetrics() throws Exception {
    Path provisioning = root.resolve("monitoring/grafana/provisioning");
    JsonNode datasource =
        new YAMLMapper()
            .readTree(provisioning.resolve("datasources/prometheus.yml").toFile())
            .get("datasources")
            .get(0);
    assertThat(datasource.get("url").asText()).isEqualTo("http://prometheus:9090");
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(root.resolve("monitoring/grafana/dashboards/papers-pipeline.json").toFile());

    Set<String> allowed = exportedNames();
    Pattern metric = Pattern.compile("\\b(papers_[a-z_]+|kafka_[a-z_]+)\\b");
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      titles.add(panel.get("title").asText());
      for (JsonNode target : panel.get("targets")) {
        assertThat(target.get("datasource").get("uid").asText())
            .isEqualTo(datasource.get("uid").asText());
        Matcher m = metric.matcher(target.get("expr").asText());
        boolean any = false;
        while (m.find()) {
          any = true;
          assertThat(allowed).as(panel.get("title").asText()).contains(m.group(1));
        }
        assertThat(any).as("%s queries a pipeline metric", panel.get("title").asText()).isTrue();
      }
    }
    assertThat(titles)
        .contains(
            "Papers/s",
            "Files per outcome",
            "Dead letters per stage",
            "Consumer lag",
            "Late and dropped trend records",
            "State store size");
  }

  @Test
  void shouldNameEveryHostPortInTheReadme() throws Exception {
    String readme = Files.readString(root.resolve("docs/operations.md"));
    int start = readme.indexOf("## docker-compose");
    assertThat(start).as("docs/operations.md has a docker-compose section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    for (Map.Entry<String, JsonNode> service : services.properties()) {
      if (service.getValue().has("ports")) {
        for (int hostPort : published(service.getKey()).keySet()) {
          assertThat(section)
              .as("docs/operations.md docker-compose section names %s's port", service.getKey())
              .contains("127.0.0.1:" + hostPort);
        }
      }
    }
  }

  @Test
  void shouldGiveEachAxisOfEveryGrafanaPanelOneUnit() throws Exception {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(root.resolve("monitoring/grafana/dashboards/papers-pipeline.json").toFile());
    for (JsonNode panel : dashboard.get("panels")) {
      String title = panel.get("title").asText();
      JsonNode defaults = panel.get("fieldConfig").get("defaults");
      String defaultUnit = defaults.path("unit").asText("none");
      String defaultAxis = defaults.path("custom").path("axisPlacement").asText("auto");
      Map<String, Set<String>> unitsByAxis = new java.util.TreeMap<>();
      unitsByAxis.computeIfAbsent(defaultAxis, a -> new TreeSet<>()).add(defaultUnit);
      for (JsonNode override : panel.get("fieldConfig").path("overrides")) {
        String unit = null;
        String axis = defaultAxis;
        for (JsonNode property : override.get("properties")) {
          if (property.get("id").asText().equals("unit")) {
            unit = property.get("value").asText();
          }
          if (property.get("id").asText().equals("custom.axisPlacement")) {
            axis = property.get("value").asText();
          }
        }
        if (unit != null) {
          unitsByAxis.computeIfAbsent(axis, a -> new TreeSet<>()).add(unit);
        }
      }
      unitsByAxis.forEach(
          (axis, units) -> assertThat(units).as("%s, axis %s", title, axis).hasSize(1));
      // series of different quantities (bytes and keys) on one panel: each on its own axis
      boolean bytes = panel.toString().contains("_bytes");
      boolean keys = panel.toString().contains("_keys");
      if (bytes && keys) {
        assertThat(unitsByAxis).as(title).hasSize(2);
        assertThat(defaultUnit).as(title).isEqualTo("bytes");
      }
    }
  }
}
