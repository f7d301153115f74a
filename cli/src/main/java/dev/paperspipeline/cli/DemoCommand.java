package dev.paperspipeline.cli;

import ch.qos.logback.classic.Level;
import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.BatchIngest;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.InboxWatcher;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.metrics.MetricsServer;
import dev.paperspipeline.metrics.PipelineMetrics;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.PipelineLag;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import dev.paperspipeline.streams.analytics.AnalyticsReadout;
import dev.paperspipeline.streams.dashboard.DashboardServer;
import dev.paperspipeline.streams.dashboard.TrendQueries;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code papers demo}: the whole pipeline on one machine. Starts the embedded broker and registry,
 * writes sample digests with the generator (or watches a real inbox), ingests them, runs the
 * streams app with its dashboard, and prints the top trending topics.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on this machine: an in-process Kafka broker and schema registry,"
          + " sample digests from the generator (or your own with --inbox), ingest, the streams"
          + " app and its analytics app, the trend dashboard; prints the top trending topics,"
          + " the strongest bursts and the emerging phrases.",
      "The sample digests have a planted burst (robotics, ten times its papers on the fourth"
          + " digest from the end) and a planted emerging phrase (\"holographic routing\", four"
          + " papers a day over the last five digests), unless --no-plants.",
      "Without --once it keeps running (and watching --inbox) until Ctrl-C."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final String APPLICATION_ID = "papers-demo";
  private static final String PLANTED_TOPIC = "robotics";
  private static final String PLANTED_PHRASE = "holographic routing";
  private static final int SHOWN = 5;

  /**
   * Counted down once the demo has closed everything (the streams apps write their checkpoints on a
   * clean close: without them, an exactly-once app restores every store from its changelog at the
   * next start). The Ctrl-C hook waits for it, as the JVM exits when its hooks return.
   */
  private final CountDownLatch closed = new CountDownLatch(1);

  /** Counted down by Ctrl-C. */
  private final CountDownLatch stop = new CountDownLatch(1);

  /** The demo's metrics (served with --metrics-port); set in runDemo. */
  private PipelineMetrics metrics = new PipelineMetrics();

  /** Set once the first pass is done and the demo only waits for Ctrl-C. */
  private volatile boolean waiting;

  /** The pipeline's own loggers, at WARN unless {@code --verbose}. */
  private static final String PIPELINE_LOGGER = "dev.paperspipeline";

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "demo-data",
      description =
          "Where the broker, registry, state and sample digests live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--inbox",
      description = "Watch this directory of real digests instead of generating sample ones.")
  Path inbox;

  @Option(
      names = "--once",
      description = "Exit after the first full pass (all digests ingested and processed).")
  boolean once;

  @Option(
      names = "--papers",
      defaultValue = "600",
      description = "Distinct sample papers to generate (default: ${DEFAULT-VALUE}).")
  int papers;

  @Option(
      names = "--digests",
      defaultValue = "28",
      description = "Sample digests, one a day (default: ${DEFAULT-VALUE}).")
  int digests;

  @Option(
      names = "--no-plants",
      description = "Generate sample digests without the planted burst and emerging phrase.")
  boolean noPlants;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--broker-port",
      defaultValue = "9092",
      description = "Broker port, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int brokerPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Schema registry port, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8080",
      description = "Dashboard port, 0 = any free port (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve the pipeline's Prometheus metrics (ingest's, both streams apps', the JVM's) on"
              + " http://127.0.0.1:PORT/metrics and /health, as papers ingest and papers streams"
              + " do; 0 picks a free port (default: none).")
  Integer metricsPort;

  @Option(
      names = "--top",
      defaultValue = "10",
      description = "Topics to print (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description =
          "Longest wait for the first pass to finish, e.g. 10m, 1h or PT10M (default:"
              + " ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              if (!waiting) {
                main.interrupt(); // the first pass: its waits end, its resources close
              }
              try {
                closed.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "papers-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return runDemo();
    } catch (InterruptedException e) {
      if (stop.getCount() == 0) {
        return 0; // Ctrl-C during the first pass
      }
      throw e;
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for closed, counted down above
      }
    }
  }

  private int runDemo() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!(spec.root().userObject() instanceof PapersCli root && root.verbose)) {
      // The demo prints its own progress lines; the pipeline's INFO log (topics created, state
      // changes, each commit and move) would say each of them again.
      quietPipelineLog();
    }
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, brokerPort, "--broker-port");
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, registryPort, "--registry-port");
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, dashboardPort, "--dashboard-port");
    if (metricsPort != null) {
      PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, metricsPort, "--metrics-port");
    }
    Files.createDirectories(dataDir);
    long started = System.nanoTime();
    try (LocalStack stack = LocalStack.start(dataDir.resolve("stack"), brokerPort, registryPort)) {
      err.printf(
          "broker %s, schema registry %s (ready in %d ms)%n",
          stack.bootstrapServers(),
          stack.schemaRegistryUrl(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      TopicsCreator.ensureAll(stack.bootstrapServers());

      DashboardServer dashboard = DashboardServer.bind("127.0.0.1", dashboardPort);
      HostInfo self = new HostInfo("127.0.0.1", dashboard.port());
      Map<String, Object> overrides = new HashMap<>();
      overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
      overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
      overrides.put(
          StreamsConfig.STATE_DIR_CONFIG,
          dataDir.resolve("streams-state").toAbsolutePath().toString());
      overrides.put(PipelineConfig.TRENDS_CLOSE_CHECK_INTERVAL, "PT5S");
      // The demo backfills many days at once, out of order across tasks: the default grace is
      // enough, since a paper for a closed window revises it instead of being dropped.
      Properties props =
          PipelineConfig.streamsProperties(
              stack.bootstrapServers(), stack.schemaRegistryUrl(), overrides);
      metrics =
          new PipelineMetrics()
              .initFileStatuses()
              .initDeadLetterStages(
                  java.util.stream.Stream.concat(
                          java.util.stream.Stream.of(PipelineMetrics.STAGE_INGEST),
                          PipelineMetrics.STREAMS_STAGES.stream())
                      .toList());
      // The exception handlers count their dead letters in it (see DeadLetters).
      props.put(PipelineMetrics.CONFIG, metrics);
      try (StreamsApp app = StreamsApp.start(props);
          StreamsApp analytics = AnalyticsApp.start(props);
          DashboardServer served = dashboard.serve(app.streams(), self, props);
          DigestIngester ingester =
              DigestIngester.open(
                  IngestOptions.of(
                      stack.bootstrapServers(),
                      stack.schemaRegistryUrl(),
                      dataDir.toAbsolutePath()));
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
          MetricsServer metricsServer =
              startMetrics(metrics, app, analytics, ingester, stack.bootstrapServers())) {
        err.println("dashboard " + served.url());
        if (metricsServer != null) {
          err.println("metrics " + metricsServer.url() + MetricsServer.METRICS_PATH);
        }
        // the dashboard's own queries: one papers-unique deserializer (and registry client)
        TrendQueries queries = served.queries();

        Thread watcherThread = null;
        InboxWatcher watcher = null;
        if (inbox != null) {
          watcher =
              new InboxWatcher(
                  ingester, InboxWatcher.Settings.defaults(inbox), o -> printOutcome(err, o));
          InboxWatcher w = watcher;
          watcherThread =
              new Thread(
                  () -> {
                    try {
                      w.run();
                    } catch (IOException e) {
                      err.println("inbox watcher stopped: " + e.getMessage());
                    }
                  },
                  "demo-inbox-watcher");
          watcherThread.setDaemon(true);
          watcherThread.start();
          err.println("watching " + inbox.toAbsolutePath());
        } else {
          Path samples = sampleDigests(err);
          List<Path> files = BatchIngest.expand(List.of(samples));
          IngestSummary summary = BatchIngest.run(ingester, files, o -> printOutcome(err, o));
          err.println("ingest: " + summary.format());
        }

        awaitCaughtUp(admin, app, err, inbox != null);
        awaitAnalytics(admin, analytics, err);
        String printed = render(queries);
        out.print(printed);
        Map<String, Object> clients = new HashMap<>();
        clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        clients.put(
            dev.paperspipeline.registry.RegistryConfig.SCHEMA_REGISTRY_URL,
            stack.schemaRegistryUrl());
        out.print(renderAnalytics(clients));
        out.flush();
        if (once) {
          if (watcher != null) {
            watcher.stop(Duration.ofSeconds(10));
          }
          return 0;
        }
        err.println("running; dashboard " + served.url() + " (Ctrl-C to stop)");
        waiting = true;
        // the table printed above: printed again only once it changed (it was printed twice)
        String last = printed;
        while (!stop.await(10, TimeUnit.SECONDS)) {
          String now = render(queries);
          if (changed(last, now) && PipelineLag.total(admin, APPLICATION_ID) == 0) {
            out.print(now);
            out.flush();
            last = now;
          }
        }
        if (watcher != null) {
          watcher.stop(Duration.ofSeconds(10));
        }
        return 0;
      }
    }
  }

  /** The metrics endpoint when --metrics-port is given, else null. */
  private MetricsServer startMetrics(
      PipelineMetrics metrics,
      StreamsApp app,
      StreamsApp analytics,
      DigestIngester ingester,
      String bootstrapServers)
      throws IOException {
    if (metricsPort == null) {
      return null;
    }
    metrics.withJvmMetrics().registerKafkaMetrics(app.streams()::metrics);
    metrics.registerKafkaMetrics("analytics", analytics.streams()::metrics);
    metrics.registerKafkaMetrics(ingester::producerMetrics);
    return MetricsServer.start(
        MetricsServer.Config.localhost(metricsPort)
            .withHealth(() -> app.streams().state().isRunningOrRebalancing()),
        metrics);
  }

  /** One line per file. */
  private void printOutcome(PrintWriter err, FileOutcome o) {
    metrics.recordIngestedFile(o.status().name(), o.papers(), o.rejected());
    if (o.sentInTransaction()) {
      metrics.recordCommittedFile(o.digestDate(), java.time.Instant.now());
    }
    err.printf(
        "ingested %s: %d papers, %d rejected (%s)%n",
        o.fileName(), o.papers(), o.rejected(), o.status());
  }

  private static void quietPipelineLog() {
    if (LoggerFactory.getLogger(PIPELINE_LOGGER) instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(Level.WARN);
    }
  }

  /** Generates the sample digests once; later runs reuse them (and the ledger skips them). */
  private Path sampleDigests(PrintWriter err) throws IOException {
    Path samples = dataDir.resolve("sample-digests");
    if (Files.isDirectory(samples)) {
      try (var list = Files.list(samples)) {
        if (list.findAny().isPresent()) {
          return samples;
        }
      }
    }
    LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(digests);
    DigestGenerator generator = new DigestGenerator(papers, digests, seed, start);
    if (!noPlants && digests >= 8) {
      generator =
          generator
              .withBurst(new DigestGenerator.Burst(PLANTED_TOPIC, digests - 4, 10))
              .withPhrase(new DigestGenerator.Phrase(PLANTED_PHRASE, digests - 5, 4));
      err.printf(
          "planted: a burst of %s on %s, the phrase \"%s\" from %s%n",
          PLANTED_TOPIC, generator.date(digests - 4), PLANTED_PHRASE, generator.date(digests - 5));
    }
    DigestGenerator.Summary s = generator.generate(samples);
    err.printf(
        "generated %d sample digests (%d distinct papers, %d in all) in %s%n",
        s.files().size(), s.distinctPapers(), s.sightings(), samples);
    return samples;
  }

  /**
   * Waits until the app has processed and committed everything upstream committed: lag 0 twice in a
   * row, after it has seen at least one record.
   */
  private void awaitCaughtUp(Admin admin, StreamsApp app, PrintWriter err, boolean watching)
      throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    int zeroInARow = 0;
    long lastLag = -1;
    Duration settle = watching ? Duration.ofSeconds(5) : Duration.ZERO;
    Instant notBefore = Instant.now().plus(settle);
    while (Instant.now().isBefore(deadline)) {
      long lag;
      try {
        lag = PipelineLag.total(admin, APPLICATION_ID);
      } catch (java.util.concurrent.ExecutionException e) {
        lag = -1; // the repartition topic is created when the app first starts
      }
      if (lag != lastLag) {
        err.println("pipeline lag: " + (lag < 0 ? "starting" : lag + " records"));
        lastLag = lag;
      }
      boolean running = Objects.equals(app.streams().state().name(), "RUNNING");
      zeroInARow = lag == 0 && running ? zeroInARow + 1 : 0;
      if (zeroInARow >= 2 && Instant.now().isAfter(notBefore)) {
        return;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("the pipeline did not catch up within " + timeout);
  }

  /** Waits until the analytics app has processed and committed papers-enriched. */
  private void awaitAnalytics(Admin admin, StreamsApp analytics, PrintWriter err) throws Exception {
    String id = AnalyticsApp.applicationId(APPLICATION_ID);
    Instant deadline = Instant.now().plus(timeout);
    int zeroInARow = 0;
    while (Instant.now().isBefore(deadline)) {
      long lag;
      try {
        lag = PipelineLag.total(admin, id, AnalyticsApp.inputTopics(id));
      } catch (java.util.concurrent.ExecutionException e) {
        lag = -1;
      }
      boolean running = Objects.equals(analytics.streams().state().name(), "RUNNING");
      zeroInARow = lag == 0 && running ? zeroInARow + 1 : 0;
      if (zeroInARow >= 2) {
        return;
      }
      Thread.sleep(1000);
    }
    err.println("the analytics app did not catch up within " + timeout);
  }

  /** The strongest bursts per window size and the current emerging phrases. */
  private static String renderAnalytics(Map<String, Object> clients) {
    StringBuilder b = new StringBuilder();
    Map<String, TopicBurst> bursts = AnalyticsReadout.bursts(clients);
    for (String kind : List.of("TOPIC", "KEYPHRASE")) {
      for (String window : List.of("WEEK", "DAY")) {
        List<TopicBurst> ranked = AnalyticsReadout.ranked(bursts, kind, window);
        b.append(
            String.format(
                "%nBursts, %s per %s (%d in all; score = -log10 p)%n",
                kind.equals("TOPIC") ? "topics" : "keyphrases",
                window.toLowerCase(),
                ranked.size()));
        if (ranked.isEmpty()) {
          b.append("  none: no window passed the threshold (or had enough history)\n");
        }
        for (TopicBurst t : ranked.subList(0, Math.min(SHOWN, ranked.size()))) {
          b.append(
              String.format(
                  "  %6.1f  %-30s %s  %d papers vs %.1f over %d windows%s%n",
                  t.getScore(),
                  t.getName(),
                  TrendWindow.isoDate(t.getWindowStart().toEpochMilli()),
                  t.getCount(),
                  t.getBaselineMean(),
                  t.getBaselineWindows(),
                  t.getPartial() ? " (partial)" : ""));
          for (PaperRef p : t.getPapers().subList(0, Math.min(2, t.getPapers().size()))) {
            b.append("          ").append(paperLine(p)).append(System.lineSeparator());
          }
        }
      }
    }
    List<EmergingPhrase> phrases = AnalyticsReadout.current(AnalyticsReadout.emerging(clients));
    b.append(String.format("%nEmerging phrases (%d)%n", phrases.size()));
    for (EmergingPhrase p : phrases.subList(0, Math.min(SHOWN * 2, phrases.size()))) {
      b.append(
          String.format(
              "  %-40s %3d papers since %s (%.2f a day)%n",
              p.getPhrase(), p.getPapers(), p.getFirstSeenDate(), p.getGrowth()));
    }
    return b.toString();
  }

  /**
   * Whether the running demo prints the table {@code now}: only when it differs from the one last
   * printed, the first pass's included.
   */
  static boolean changed(String lastPrinted, String now) {
    return !now.equals(lastPrinted);
  }

  /** The latest week's top topics (the dashboard has the days). */
  private String render(TrendQueries queries) {
    Map<String, Object> t = queries.trending(TrendKind.TOPIC, TrendWindow.WEEK, null);
    Object start = t.get("windowStart");
    if (start == null) {
      return "no weekly trends yet\n";
    }
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%nTop trending topics, week of %s%s%n",
            // an ISO date since the trend API speaks ISO dates
            start instanceof Number ms ? TrendWindow.isoDate(ms.longValue()) : start,
            Boolean.TRUE.equals(t.get("final"))
                ? " (final)"
                : Boolean.TRUE.equals(t.get("partial"))
                    ? String.format(
                        " (partial: %s of %s days)", t.get("daysWithData"), t.get("daysInWindow"))
                    : ""));
    b.append(String.format("%4s  %-28s %7s %7s %8s%n", "#", "topic", "papers", "prev", "growth"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> entries = (List<Map<String, Object>>) t.get("entries");
    for (Map<String, Object> e : entries.subList(0, Math.min(top, entries.size()))) {
      Object g = e.get("growth");
      boolean gap = Boolean.FALSE.equals(t.get("previousWindowHasData"));
      String growth =
          g != null
              ? String.format("%+.0f%%", ((Number) g).doubleValue() * 100)
              : gap ? "-" : "new";
      Object previous = e.get("previousCount");
      b.append(
          String.format(
              "%4s  %-28s %7s %7s %8s%n",
              e.get("rank"),
              e.get("name"),
              e.get("count"),
              previous != null ? previous : gap ? "no digest" : "0",
              growth));
    }
    return b.toString();
  }

  /** A paper behind a burst: its title and how often it was seen ("1 sighting", "3 sightings"). */
  static String paperLine(PaperRef p) {
    return p.getTitle()
        + " ("
        + p.getSightings()
        + (p.getSightings() == 1 ? " sighting)" : " sightings)");
  }
}
