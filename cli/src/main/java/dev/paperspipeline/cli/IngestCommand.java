package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.BatchIngest;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.InboxLock;
import dev.paperspipeline.ingest.InboxWatcher;
import dev.paperspipeline.ingest.IngestConfig;
import dev.paperspipeline.ingest.IngestException;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.metrics.ClusterHealth;
import dev.paperspipeline.metrics.MetricsServer;
import dev.paperspipeline.metrics.PipelineMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code papers ingest}: digest files to Avro paper events in papers-raw, once per file content.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    resourceBundle = "dev.paperspipeline.cli.IngestSettingsHelp",
    description = {
      "Parses digest files and produces one Avro PaperEvent per paper to papers-raw (key paperId),"
          + " rejected entries to papers-dead-letter, in Kafka transactions that each hold whole"
          + " files and their ledger entries.",
      "A file whose bytes were ingested before (under any name) adds nothing.",
      "Either PATH... (files, or directories whose files are read) or --watch DIR.",
      "Only regular files directly inside DIR (or a directory given) are read: symbolic links,"
          + " hard-linked files, FIFOs, devices and subdirectories are skipped and logged once."
          + " Ignored until renamed: names starting with '.' or ending in .tmp, .part, .partial,"
          + " .crdownload, .swp or ~ (case-insensitive). Safe way to drop a file: write it under such a name (or outside DIR on the same"
          + " file system), then rename it into DIR."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:some input was rejected or not ingested (dead letters written, files moved to error/)",
      "2:bad usage or a missing path",
      "3:the Kafka cluster or the schema registry cannot be reached or refused access",
      "4:internal error (see the log; --verbose shows the stack trace)"
    })
public final class IngestCommand implements Callable<Integer> {
  /** Batches of at least this many files get a progress bar on a terminal. */
  private static final int PROGRESS_MIN_FILES = 10;

  @Spec CommandSpec spec;

  /** Counted down once call() has closed the ingester and printed the summary. */
  private final CountDownLatch finished = new CountDownLatch(1);

  @Mixin ClusterOptions cluster;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  static final class Inputs {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Digest files or directories.")
    List<Path> paths;

    @Option(
        names = "--watch",
        paramLabel = "DIR",
        description = "Watch DIR and ingest each complete file that appears, until Ctrl-C.")
    Path watch;
  }

  // The flags of IngestConfig's settings: SettingFlags reads them by their descriptionKey.
  @Option(names = "--done-dir", descriptionKey = IngestConfig.DONE_DIR)
  Path doneDir;

  @Option(names = "--error-dir", descriptionKey = IngestConfig.ERROR_DIR)
  Path errorDir;

  @Option(names = "--settle-ms", descriptionKey = IngestConfig.SETTLE_MS)
  Long settleMs;

  @Option(names = "--rescan-ms", descriptionKey = IngestConfig.RESCAN_MS)
  Long rescanMs;

  @Option(names = "--transactional-id", descriptionKey = IngestConfig.TRANSACTIONAL_ID)
  String transactionalId;

  @Option(names = "--year", descriptionKey = IngestConfig.YEAR)
  Integer year;

  @Option(
      names = "--max-records-per-transaction",
      descriptionKey = IngestConfig.MAX_RECORDS_PER_TRANSACTION)
  Integer maxRecordsPerTransaction;

  @Option(names = "--partitions", descriptionKey = IngestConfig.TOPIC_PARTITIONS)
  Integer partitions;

  @Option(names = "--replication", descriptionKey = IngestConfig.TOPIC_REPLICATION)
  Integer replication;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics on http://HOST:PORT/metrics and /health (200 UP while the"
              + " Kafka cluster answers and the latest transaction committed, else 503 DOWN); 0"
              + " picks a free port (default: no metrics endpoint). Most useful with --watch.")
  Integer metricsPort;

  @Option(
      names = "--metrics-host",
      paramLabel = "HOST",
      defaultValue = MetricsServer.DEFAULT_HOST,
      description = "Address the metrics endpoint binds (default: ${DEFAULT-VALUE}).")
  String metricsHost;

  private final PipelineMetrics metrics =
      new PipelineMetrics()
          .initFileStatuses()
          .initDeadLetterStages(java.util.List.of(PipelineMetrics.STAGE_INGEST));

  /** Whether the latest transaction failed (no commit since): /health is DOWN meanwhile. */
  private final java.util.concurrent.atomic.AtomicBoolean commitFailing =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Whether the cluster answers, for /health; closed at the end of call(). */
  private ClusterHealth clusterHealth;

  /** The settings of this run, resolved in call(). */
  private IngestConfig config;

  @Override
  public Integer call() throws Exception {
    Path home =
        inputs.watch != null
            ? inputs.watch
            : parentOf(inputs.paths.get(0).toAbsolutePath().normalize());
    if (inputs.paths != null) {
      // A missing path is a usage error, reported before anything connects.
      for (Path path : inputs.paths) {
        if (!java.nio.file.Files.exists(path)) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "no such file or directory: " + path);
        }
      }
    }
    if (inputs.paths != null && BatchIngest.expand(inputs.paths).isEmpty()) {
      // Before connecting: say why nothing will happen instead of a bare "0 files".
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "papers ingest: 0 files: no digest file in "
              + inputs.paths
              + " (only regular files directly inside a directory are read; names starting with"
              + " '.' or ending in .tmp, .part, .partial, .crdownload, .swp or ~ are skipped)");
      err.flush();
      finished.countDown();
      return ExitCodes.OK;
    }
    if (metricsPort != null) {
      PortInUseException.requireFree(metricsHost, metricsPort, "--metrics-port");
    }
    Map<String, Object> settings =
        SettingFlags.resolve(spec, IngestConfig.CONFIG_DEF, cluster.clients());
    config = IngestConfig.of(settings);
    IngestOptions options = config.options(cluster.clients(), home);
    PrintWriter err = spec.commandLine().getErr();
    // The inbox lock comes first: creating the producer would fence a running ingester.
    InboxLock inboxLock;
    try {
      inboxLock = inputs.watch != null ? InboxLock.acquire(inputs.watch) : null;
    } catch (java.io.IOException e) {
      err.println("papers ingest: " + e.getMessage());
      err.flush();
      finished.countDown();
      return ExitCodes.USAGE;
    }
    try {
      cluster.probeKafka();
      cluster.probeRegistry();
    } catch (RuntimeException e) {
      if (inboxLock != null) {
        inboxLock.close();
      }
      throw e;
    }
    try (InboxLock lock = inboxLock;
        DigestIngester ingester = DigestIngester.open(options);
        MetricsServer server = startMetrics(ingester, err)) {
      IngestSummary summary =
          inputs.watch != null ? watch(ingester, lock, err) : batch(ingester, inputs.paths, err);
      err.println("papers ingest: " + summary.format());
      err.flush();
      return summary.failed() == 0 && summary.rejected() == 0
          ? ExitCodes.OK
          : ExitCodes.INPUT_REJECTED;
    } catch (OutOfMemoryError | RuntimeException e) {
      // Not "input rejected": the tool failed. Files not committed stay where they are.
      // Cluster and fencing errors are not internal: they keep their own handling.
      if (!(e instanceof IngestException)
          && !e.getClass().getName().startsWith("org.apache.kafka")) {
        err.println("papers ingest: internal error: " + describe(e) + "; see the log");
        err.flush();
        return ExitCodes.INTERNAL;
      }
      throw e;
    } finally {
      if (clusterHealth != null) {
        clusterHealth.close();
      }
      finished.countDown();
    }
  }

  /** The metrics endpoint when --metrics-port is given, else null. */
  private MetricsServer startMetrics(DigestIngester ingester, PrintWriter err)
      throws java.io.IOException {
    if (metricsPort == null) {
      return null;
    }
    metrics.withJvmMetrics().registerKafkaMetrics(ingester::producerMetrics);
    // UP only while the cluster answers and the latest transaction did not fail: the process
    // itself stays alive through a broker outage, which is what docker-compose's check must see.
    clusterHealth = new ClusterHealth(cluster.clients().admin());
    ClusterHealth health = clusterHealth;
    MetricsServer server =
        MetricsServer.start(
            MetricsServer.Config.localhost(metricsPort)
                .withHost(metricsHost)
                .withHealth(() -> !commitFailing.get() && health.getAsBoolean()),
            metrics);
    err.println("papers ingest: metrics on " + server.url() + MetricsServer.METRICS_PATH);
    err.flush();
    return server;
  }

  /** Counts each file's outcome in the metrics. */
  private void count(FileOutcome outcome) {
    metrics.recordIngestedFile(outcome.status().name(), outcome.papers(), outcome.rejected());
    if (outcome.status() == FileOutcome.Status.FAILED) {
      commitFailing.set(true);
    } else if (outcome.sentInTransaction()) {
      commitFailing.set(false);
    }
    if (outcome.sentInTransaction()) {
      metrics.recordCommittedFile(outcome.digestDate(), java.time.Instant.now());
    }
  }

  private static Path parentOf(Path path) {
    Path parent = path.getParent();
    return java.nio.file.Files.isDirectory(path) || parent == null ? path : parent;
  }

  private IngestSummary batch(DigestIngester ingester, List<Path> paths, PrintWriter err)
      throws java.io.IOException {
    List<Path> files = BatchIngest.expand(paths);
    Consumer<FileOutcome> progress = o -> {};
    if (System.console() != null && files.size() >= PROGRESS_MIN_FILES) {
      progress = new ProgressBar(err, files.size());
    }
    IngestSummary summary = BatchIngest.run(ingester, files, progress.andThen(this::count));
    if (progress instanceof ProgressBar bar) {
      bar.finish();
    }
    return summary;
  }

  private static String describe(Throwable e) {
    return e instanceof OutOfMemoryError ? "out of memory" : "unexpected failure";
  }

  private IngestSummary watch(DigestIngester ingester, InboxLock lock, PrintWriter err)
      throws Exception {
    IngestSummary summary = new IngestSummary();
    InboxWatcher.Settings settings = config.watcherSettings(inputs.watch);
    Consumer<FileOutcome> listener = summary::add;
    InboxWatcher watcher =
        new InboxWatcher(ingester, settings, listener.andThen(this::count)).withLock(lock);
    AtomicReference<Thread> main = new AtomicReference<>(Thread.currentThread());
    Thread hook =
        new Thread(
            () -> {
              try {
                if (!watcher.stop(Duration.ofSeconds(30))) {
                  main.get().interrupt();
                }
                // Let call() print the summary and close the producer before the JVM exits. Not
                // main.join(): main then calls System.exit, which blocks while this hook runs.
                finished.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "papers-ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println("papers ingest: watching " + inputs.watch.toAbsolutePath() + " (Ctrl-C to stop)");
    err.flush();
    watcher.run();
    return summary;
  }

  /** A one-line progress bar redrawn on stderr (only on a terminal). */
  private static final class ProgressBar implements Consumer<FileOutcome> {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int total;
    private final IngestSummary summary = new IngestSummary();

    ProgressBar(PrintWriter err, int total) {
      this.err = err;
      this.total = total;
    }

    @Override
    public void accept(FileOutcome outcome) {
      summary.add(outcome);
      int filled = (int) ((long) WIDTH * summary.files() / total);
      err.print(
          String.format(
              Locale.ROOT,
              "\r[%s%s] %d/%d files, %d papers, %.0f papers/s",
              "#".repeat(filled),
              " ".repeat(WIDTH - filled),
              summary.files(),
              total,
              summary.papers(),
              summary.papersPerSecond()));
      err.flush();
    }

    void finish() {
      err.println();
      err.flush();
    }
  }
}
