package dev.paperspipeline.streams.dashboard;

import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.BatchIngest;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.registry.AvroSerializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.PipelineLag;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real pipeline for dashboard tests: embedded broker and registry, generated digests ingested by
 * the real ingester, and N streams instances of one application id, each with its own state dir and
 * dashboard. Also knows the expected answers, recounted offline from the generated files.
 */
final class DashboardCluster implements AutoCloseable {
  /**
   * Injects one cluster shared by every test class of the run (300 papers, 10 digests, two
   * instances), closed when the run ends: starting it is most of a dashboard test's time.
   */
  static final class Shared implements ParameterResolver {
    private static final ExtensionContext.Namespace NS =
        ExtensionContext.Namespace.create(DashboardCluster.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == DashboardCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context
          .getRoot()
          .getStore(NS)
          .getOrComputeIfAbsent(
              DashboardCluster.class,
              k -> {
                try {
                  Path dir = Files.createTempDirectory("dashboard-cluster");
                  DashboardCluster c = start(dir, 300, 10, 2);
                  c.ownedDir = dir;
                  return c;
                } catch (Exception e) {
                  throw new IllegalStateException("cannot start the dashboard cluster", e);
                }
              },
              DashboardCluster.class);
    }
  }

  private Path ownedDir;

  private static final Logger log = LoggerFactory.getLogger(DashboardCluster.class);
  static final String APPLICATION_ID = "papers-dashboard-it";
  static final LocalDate FIRST_DIGEST = LocalDate.of(2026, 3, 2);

  /** One streams instance with its dashboard. */
  record Instance(StreamsApp app, DashboardServer dashboard, HostInfo self) {}

  private final LocalStack stack;
  private final List<Instance> instances = new ArrayList<>();
  private final Admin admin;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** Unique papers per topic, recounted offline. */
  final Map<String, Long> papersPerTopic = new TreeMap<>();

  /** Every unique paper's id and its title, as parsed offline. */
  final Map<String, String> titles = new LinkedHashMap<>();

  /** Topics of every unique paper, as enriched offline. */
  final Map<String, List<String>> topicsOf = new HashMap<>();

  /** Sightings written by the generator, over all digests. */
  final long sightings;

  private DashboardCluster(LocalStack stack, Admin admin, long sightings) {
    this.stack = stack;
    this.admin = admin;
    this.sightings = sightings;
  }

  /**
   * Generates {@code papers} papers over {@code digests} digests into {@code dir}, ingests them,
   * starts {@code n} instances and waits until all run with zero lag.
   */
  static DashboardCluster start(Path dir, int papers, int digests, int n) throws Exception {
    Path samples = dir.resolve("digests");
    DigestGenerator.Summary generated =
        new DigestGenerator(papers, digests, 7, FIRST_DIGEST).generate(samples);
    LocalStack stack = LocalStack.startEphemeral();
    DashboardCluster cluster = null;
    try {
      TopicsCreator.ensureAll(stack.bootstrapServers());
      Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
      cluster = new DashboardCluster(stack, admin, generated.sightings());
      cluster.recount(samples);
      try (DigestIngester ingester =
          DigestIngester.open(
              IngestOptions.of(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Files.createDirectories(dir.resolve("ingest"))))) {
        IngestSummary summary =
            BatchIngest.run(ingester, BatchIngest.expand(List.of(samples)), null);
        log.info("ingested {}", summary);
      }
      for (int i = 0; i < n; i++) {
        cluster.startInstance(Files.createDirectories(dir.resolve("state-" + i)));
      }
      cluster.awaitCaughtUp();
      return cluster;
    } catch (Exception | Error e) {
      if (cluster != null) {
        cluster.close();
      } else {
        stack.close();
      }
      throw e;
    }
  }

  private void recount(Path samples) {
    PaperEnricher enricher = PaperEnricher.loadDefault();
    Map<String, PaperEvent> first = new LinkedHashMap<>();
    for (PaperEvent e : SharedDigests.events(samples, Instant.now())) {
      first.putIfAbsent(e.getPaperId(), e);
    }
    for (PaperEvent e : first.values()) {
      EnrichedPaper p = enricher.enrich(Sightings.first(e), Instant.now());
      List<String> topics = p.getTopics().stream().distinct().toList();
      titles.put(e.getPaperId(), p.getTitle());
      topicsOf.put(e.getPaperId(), topics);
      topics.forEach(t -> papersPerTopic.merge(t, 1L, Long::sum));
    }
  }

  private void startInstance(Path stateDir) throws IOException {
    DashboardServer dashboard = DashboardServer.bind("127.0.0.1", 0);
    HostInfo self = new HostInfo("127.0.0.1", dashboard.port());
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // Ten digests ingested at once interleave across partitions: event time runs days out of order.
    overrides.put(PipelineConfig.TRENDS_GRACE, "P30D");
    Properties props =
        PipelineConfig.streamsProperties(
            stack.bootstrapServers(), stack.schemaRegistryUrl(), overrides);
    StreamsApp app = StreamsApp.start(props);
    // the analytics panels follow the output topics, as in papers streams
    instances.add(
        new Instance(
            app,
            dashboard
                .followOutputs(props)
                .serve(app.streams(), self, DashboardServer.paperDeserializer(props)),
            self));
  }

  private void awaitCaughtUp() {
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                instances.stream()
                        .allMatch(i -> i.app().streams().state() == KafkaStreams.State.RUNNING)
                    && PipelineLag.total(admin, APPLICATION_ID) == 0);
    log.info(
        "{} instance(s) running with zero lag after {} ms",
        instances.size(),
        Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  List<Instance> instances() {
    return instances;
  }

  /** Produces records to the cluster, values in wire format through its registry. */
  void produce(String topic, Map<String, ? extends SpecificRecord> records) {
    try (SchemaRegistryClient registry =
            SchemaRegistryClients.create(stack.schemaRegistryUrl(), Map.of());
        KafkaProducer<String, SpecificRecord> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new StringSerializer(),
                new AvroSerializer<>(registry))) {
      records.forEach((k, v) -> producer.send(new ProducerRecord<>(topic, k, v)));
      producer.flush();
    }
  }

  /** The hosts that hold at least one task, per the streams metadata of {@code instance}. */
  static Set<HostInfo> hostsWithTasks(Instance instance) {
    Set<HostInfo> out = new java.util.HashSet<>();
    instance
        .app()
        .streams()
        .metadataForAllStreamsClients()
        .forEach(
            m -> {
              if (!m.topicPartitions().isEmpty()) {
                out.add(m.hostInfo());
              }
            });
    return out;
  }

  /** GETs {@code pathAndQuery} from {@code instance}; 503 (rebalancing) is retried. */
  String get(Instance instance, String pathAndQuery) {
    String[] body = new String[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(URI.create(instance.dashboard().url() + pathAndQuery))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 503) {
                return false;
              }
              if (r.statusCode() != 200) {
                throw new AssertionError(pathAndQuery + " -> " + r.statusCode() + " " + r.body());
              }
              body[0] = r.body();
              return true;
            });
    return body[0];
  }

  @Override
  public void close() {
    for (Instance i : instances) {
      i.dashboard().close();
    }
    // close in parallel: each close waits for the others' rebalance otherwise
    instances.parallelStream().forEach(i -> i.app().close());
    admin.close(Duration.ofSeconds(5));
    stack.close();
    if (ownedDir != null) {
      try (var files = Files.walk(ownedDir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        log.warn("cannot delete {}: {}", ownedDir, e.toString());
      }
    }
  }
}
